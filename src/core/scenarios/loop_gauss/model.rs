//! Scenario B's simulation: the Gaussian generation-training loop, the classic variance collapse
//! with a closed form, and its repair by a verifier (DESIGN.md, scenario B).
//!
//! Model. The task structure is `X ~ N(0, tau^2)`; real data is `y ~ N(X, sigma^2)`. Generation 0
//! fits a mean and a variance by maximum likelihood (variance with `1/n`) to `n0` real samples.
//! Each generation draws `N` candidates from the model `N(mu_t, sigma_t^2)`; a verifier, if on,
//! accepts a candidate `y` with probability `exp(-(y - c_t)^2 / (2 delta^2))` around its centre
//! `c_t = (1 - kappa)(X + nu) + kappa mu_t`, where `nu ~ N(0, omega^2)` is the verifier's own
//! error, drawn once per replicate; `round(lambda N)` fresh real samples join the accepted ones;
//! the model is refit by maximum likelihood on them (kept as it is if fewer than 2 samples
//! survive).
//!
//! Verifier strength. `s in [0, 1]` maps to the sharpness `delta = sigma (1 - s) / s`, floored at
//! `0.02 sigma`: `s = 0.5` accepts within about the real data's own noise, `s = 0.8` within a
//! quarter of it, and `s >= 0.98` is the floor (very sharp, still finite). `s = 0` accepts every
//! candidate (`delta = inf`): the loop is closed, as in scenario A.
//!
//! Exact sampling without per-sample draws. The mean and ML variance of `m` draws from
//! `N(mu, v)` are independent, `mean ~ N(mu, v/m)` and `m var / v ~ chi^2_{m-1} = 2
//! Gamma((m-1)/2)`. The verifier keeps this form: a candidate from `N(mu, v)` is accepted with
//! probability `a = sqrt(delta^2 / (v + delta^2)) exp(-(mu - c)^2 / (2 (v + delta^2)))`, and the
//! accepted ones are i.i.d. from the tilted law `N(mu + (c - mu) v / (v + delta^2),
//! v delta^2 / (v + delta^2))`; so the number accepted is `Binomial(N, a)` and their mean and
//! variance are drawn as above. A generation costs `O(log N)`. The variance is carried as its
//! logarithm, so the fitted model's entropy stays exact (and finite) long after the variance
//! itself underflows.
//!
//! Closed form (no verifier). With `V_t = E(mu_t - X)^2` and `S_t = E sigma_t^2`: `V_0 =
//! sigma^2 / n0`, `S_0 = sigma^2 (n0 - 1) / n0`, and with `M = round(lambda N)`, `T = N + M`,
//! `V_{t+1} = (N^2 V_t + N S_t + M sigma^2) / T^2`, `S_{t+1} = (S_t (N - 1) + sigma^2 (M - 1) +
//! (N M / T)(V_t + S_t / N + sigma^2 / M)) / T`. For `lambda = 0` this is DESIGN's `V_t =
//! sigma^2/n0 + (1/N) sum_{s<t} S_s`, `S_s = sigma^2 (n0-1)/n0 ((N-1)/N)^s`, and the entropy
//! `E[1/2 log2(2 pi e sigma_t^2)]` has the closed form `1/2 log2(2 pi e sigma^2 / n0) + (psi((n0 -
//! 1)/2) + ln 2) / (2 ln 2) + t (psi((N - 1)/2) + ln(2 / N)) / (2 ln 2)`.
//!
//! Task information. `mu_t - X` is independent of `X` in every configuration (the loop is
//! equivariant under shifting `X`), so `I(X; mu_t) = h(X + W_t) - h(W_t)` with `W_t = mu_t - X`,
//! and `1/2 log2(1 + tau^2 / V_t)` is the value for Gaussian `W_t`. That is exact at `t = 0`; later
//! `W_t` is a Gaussian *scale mixture* (given the path of fitted variances it is Gaussian, but the
//! path is random), and Gaussian noise is the worst noise of a given variance, so the closed form
//! is a lower bound on `I(X; mu_t)`: at `tau = 1`, `n0 = N = 20` the gap grows from 0 to about
//! 0.055 bits by generation 30. The correlation estimate `-1/2 log2(1 - rho^2)` estimates the
//! closed form itself; the KSG estimate estimates `I(X; mu_t)`.
//!
//! Ceilings. A closed loop keeps at most `I(X; Z_0) = 1/2 log2(1 + n0 tau^2 / sigma^2)` (the
//! generation-0 mean is a sufficient statistic and exactly Gaussian). A verifier sees `X` only
//! through `X + nu`, so without fresh data the loop can reach `I(X; X + nu) = 1/2 log2(1 + tau^2 /
//! omega^2)` and no more in the long run; the strict bound at every `t` also counts the
//! generation-0 data, `1/2 log2(1 + n0 tau^2 / sigma^2 + tau^2 / omega^2)`.
//!
//! Estimation. `R` independent replicates (fresh `X`, `nu` and stream each) give per-generation
//! means with 95% bands and, from the `R` pairs `(X, mu_t)`, the KSG estimate of `I(X; mu_t)`
//! ([`crate::estimators::ksg`]) and the correlation estimate
//! ([`crate::estimators::correlation`]).
//!
//! Work is sliceable in two phases: a [`GaussSim`] over a range of replicates (a block, see
//! [`Blocked`]) runs them (one unit each, in replicate order, replicate `i` on stream `i`), and
//! the run resumed from all of them ([`GaussSim::resume`]) estimates `I(X; mu_t)` one generation
//! at a time (`ceil(R / 500)` units each, about the cost of as many long replicates). A run gives
//! bit-identical curves however it is sliced or split into blocks. [`GaussSim::finish`] on a partial run gives the curves of the work done
//! so far: means over the replicates done, and for the generations not yet estimated a preview of
//! both information estimates from the first [`PREVIEW_REPLICATES`] replicates done (so a partial
//! result stays cheap, finite and honest: the same estimators on fewer replicates, with wider
//! bands).

use super::GaussParams;
use crate::estimators::correlation::correlation_information_bits;
use crate::estimators::ksg::{digamma, ksg_from_axes, KsgAxis, KsgEstimate};
use crate::estimators::series::{Band, Moments};
use crate::random::stream::{Engine, Stream};
use crate::scenario::blocks::{BlockError, Tally, TallyReader, TallyWriter};
use crate::scenario::{Blocked, Curves};
use core::f64::consts::{LN_2, PI};
use core::ops::Range;
use std::borrow::Cow;
use std::sync::Arc;

/// Neighbours of the KSG estimator.
pub const KSG_NEIGHBOURS: usize = 4;

/// Replicates behind the preview of the information estimates in a partial run (the generations
/// not yet estimated): at most this many of the replicates done, the first ones.
pub const PREVIEW_REPLICATES: usize = 64;

/// The verifier's sharpness floor as a fraction of `sigma` (what `s >= 0.98` gives).
pub const MIN_SHARPNESS_FRACTION: f64 = 0.02;

/// `1/2 log2(1 + snr)`: the information in bits of a Gaussian channel with signal-to-noise
/// ratio `snr`.
fn gaussian_channel_bits(snr: f64) -> f64 {
    0.5 * libm::log2(1.0 + snr)
}

impl GaussParams {
    /// Fresh real samples per generation, `M = round(lambda N)`.
    pub fn n_real_per_generation(&self) -> usize {
        libm::round(self.real_fraction * self.n_samples as f64) as usize
    }

    /// The verifier's sharpness `delta = max(sigma (1 - s) / s, 0.02 sigma)`, or `None` when
    /// it accepts everything (off, or `s = 0`).
    pub fn sharpness(&self) -> Option<f64> {
        let s = self.verifier_strength;
        if !self.verifier_on || s.is_nan() || s <= 0.0 {
            return None;
        }
        let sigma = self.noise_sd;
        Some((sigma * (1.0 - s) / s).max(MIN_SHARPNESS_FRACTION * sigma))
    }

    /// Whether a verifier actually filters (on with `s > 0`).
    pub fn verifier_active(&self) -> bool {
        self.sharpness().is_some()
    }

    /// Whether an external signal enters the loop: a filtering verifier not fully anchored to
    /// the student (`kappa < 1`), or fresh real data. Closed loops obey the DPI ceiling.
    pub fn is_open(&self) -> bool {
        (self.verifier_active() && self.anchoring < 1.0) || self.n_real_per_generation() > 0
    }

    /// `I(X; Z_0) = 1/2 log2(1 + n0 tau^2 / sigma^2)` in bits: what generation 0 knows, and the
    /// most any closed loop keeps (DPI).
    pub fn dpi_ceiling_bits(&self) -> f64 {
        let (tau, sigma) = (self.prior_sd, self.noise_sd);
        gaussian_channel_bits(self.n_real_initial as f64 * tau * tau / (sigma * sigma))
    }

    /// The verifier's ceiling `I(X; X + nu) = 1/2 log2(1 + tau^2 / omega^2)` in bits, when the
    /// verifier is the loop's only external signal (active, `kappa < 1`, no fresh data) and
    /// `omega > 0`; `None` otherwise (`omega = 0`: the verifier knows `X` exactly, no ceiling
    /// below infinity).
    pub fn verifier_ceiling_bits(&self) -> Option<f64> {
        let omega = self.verifier_error_sd;
        let only_verifier =
            self.verifier_active() && self.anchoring < 1.0 && self.n_real_per_generation() == 0;
        if !only_verifier || omega.is_nan() || omega <= 0.0 {
            return None;
        }
        let tau = self.prior_sd;
        Some(gaussian_channel_bits(tau * tau / (omega * omega)))
    }

    /// The strict bound on `I(X; mu_t)` at every `t` for a verifier-only open loop,
    /// `I(X; Z_0, X + nu) = 1/2 log2(1 + n0 tau^2 / sigma^2 + tau^2 / omega^2)`, under the same
    /// conditions as [`verifier_ceiling_bits`](GaussParams::verifier_ceiling_bits).
    pub fn open_bound_bits(&self) -> Option<f64> {
        self.verifier_ceiling_bits()?;
        let (tau, sigma, omega) = (self.prior_sd, self.noise_sd, self.verifier_error_sd);
        let snr =
            self.n_real_initial as f64 * tau * tau / (sigma * sigma) + tau * tau / (omega * omega);
        Some(gaussian_channel_bits(snr))
    }

    /// The limit of the closed loop's closed form without fresh data, `1/2 log2(1 + tau^2 /
    /// sigma^2)` in bits: `V_t` tends to `sigma^2/n0 + sum_s S_s / N = sigma^2`, the noise of a
    /// single real sample, for every `N` and `n0` (the variance collapses, so the mean stops
    /// moving). `I(X; mu_t)` stays above it.
    pub fn closed_loop_limit_bits(&self) -> f64 {
        let (tau, sigma) = (self.prior_sd, self.noise_sd);
        gaussian_channel_bits(tau * tau / (sigma * sigma))
    }

    /// The closed form of the same loop without a verifier (see the module doc); for a run
    /// without an active verifier it is the run's own closed form.
    pub fn closed_form(&self) -> ClosedForm {
        let n = self.n_samples as f64;
        let m = self.n_real_per_generation() as f64;
        let t_all = n + m;
        let sigma2 = self.noise_sd * self.noise_sd;
        let tau2 = self.prior_sd * self.prior_sd;
        let n0 = self.n_real_initial as f64;
        let len = self.n_generations + 1;
        let mut out = ClosedForm {
            error_var: Vec::with_capacity(len),
            mean_var: Vec::with_capacity(len),
            info_bits: Vec::with_capacity(len),
            entropy_bits: Vec::new(),
        };
        let (mut v, mut s) = (sigma2 / n0, sigma2 * (n0 - 1.0) / n0);
        for _ in 0..len {
            out.error_var.push(v);
            out.mean_var.push(s);
            out.info_bits.push(gaussian_channel_bits(tau2 / v));
            let next_v = (n * n * v + n * s + m * sigma2) / (t_all * t_all);
            let between = if m > 0.0 {
                (n * m / t_all) * (v + s / n + sigma2 / m)
            } else {
                0.0
            };
            let real_within = if m > 0.0 { sigma2 * (m - 1.0) } else { 0.0 };
            s = (s * (n - 1.0) + real_within + between) / t_all;
            v = next_v;
        }
        if m == 0.0 {
            let base = 0.5 * libm::log2(2.0 * PI * core::f64::consts::E * sigma2 / n0)
                + (digamma((n0 - 1.0) / 2.0) + LN_2) / (2.0 * LN_2);
            let per_gen = (digamma((n - 1.0) / 2.0) + libm::log(2.0 / n)) / (2.0 * LN_2);
            out.entropy_bits = (0..len).map(|t| base + t as f64 * per_gen).collect();
        }
        out
    }
}

/// Closed-form curves of the loop without a verifier, one entry per generation.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosedForm {
    /// `V_t = E(mu_t - X)^2`.
    pub error_var: Vec<f64>,
    /// `S_t = E sigma_t^2`, the mean fitted variance.
    pub mean_var: Vec<f64>,
    /// `1/2 log2(1 + tau^2 / V_t)` in bits: `I(X; mu_t)` for Gaussian noise, a lower bound on it.
    pub info_bits: Vec<f64>,
    /// `E[1/2 log2(2 pi e sigma_t^2)]` in bits; empty when `lambda > 0` (no closed form).
    pub entropy_bits: Vec<f64>,
}

/// Per-generation curves of one run of scenario B. Every vector has `n_generations + 1` entries
/// (generation 0 included) unless said otherwise; information in bits, variances in units of
/// `X` squared. [`Curves::curves`] leaves out the curves that are empty for this run (the
/// verifier's ceiling, the entropy closed form): an empty curve adds no bits to the fingerprint.
#[derive(Clone, Debug, PartialEq)]
pub struct GaussRun {
    /// The parameters that produced this run.
    pub params: GaussParams,
    /// The seed that produced this run.
    pub seed: u64,
    /// `I(X; mu_t)` by KSG (k = 4) over the `R` replicates, with its 95% band. In a partial run,
    /// the generations not yet estimated hold a preview from the first
    /// [`PREVIEW_REPLICATES`] replicates done (zeros while at most k are done).
    pub info_ksg_bits: Band,
    /// `-1/2 log2(1 - rho_t^2)`, `rho_t` the sample correlation of `(X, mu_t)`, with a 95% band
    /// from the jackknife standard error of Fisher's `z` (see
    /// [`correlation_information_bits`]). Estimates the Gaussian closed form. Previewed like
    /// [`info_ksg_bits`](GaussRun::info_ksg_bits) in a partial run.
    pub info_gauss_bits: Band,
    /// `1/2 log2(1 + tau^2 / V_t)` of the loop without a verifier (see [`ClosedForm`]).
    pub closed_form_bits: Vec<f64>,
    /// `I(X; Z_0)`, constant in `t`: the DPI ceiling of closed loops.
    pub dpi_ceiling_bits: Vec<f64>,
    /// `I(X; X + nu)`, constant in `t`, when the verifier is the only signal and `omega > 0`;
    /// empty otherwise.
    pub verifier_ceiling_bits: Vec<f64>,
    /// Mean fitted variance `E sigma_t^2` with a 95% band.
    pub mean_variance: Band,
    /// `S_t = E sigma_t^2` of the loop without a verifier.
    pub closed_form_variance: Vec<f64>,
    /// Differential entropy of the fitted model `E[1/2 log2(2 pi e sigma_t^2)]` in bits, with a
    /// 95% band.
    pub model_entropy_bits: Band,
    /// Its closed form without a verifier; empty when `lambda > 0`.
    pub closed_form_entropy_bits: Vec<f64>,
    /// Squared error `E(mu_t - X)^2` with a 95% band.
    pub sq_error: Band,
    /// `V_t = E(mu_t - X)^2` of the loop without a verifier.
    pub closed_form_sq_error: Vec<f64>,
    /// Share of the `N` candidates accepted in the step into generation t (entry 0 is 1 by
    /// convention; 1 without an active verifier).
    pub acceptance_rate: Vec<f64>,
}

impl GaussRun {
    /// Number of generations plotted (including generation 0).
    pub fn len(&self) -> usize {
        self.sq_error.mid.len()
    }

    /// Whether the run has no generations (never true for a finished run).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Curves for GaussRun {
    fn curves(&self) -> Vec<(String, &[f64])> {
        let mut out: Vec<(String, &[f64])> = Vec::new();
        out.extend(self.info_ksg_bits.named("info_ksg_bits"));
        out.extend(self.info_gauss_bits.named("info_gauss_bits"));
        out.push(("closed_form_bits".into(), &self.closed_form_bits));
        out.push(("dpi_ceiling_bits".into(), &self.dpi_ceiling_bits));
        out.push(("verifier_ceiling_bits".into(), &self.verifier_ceiling_bits));
        out.extend(self.mean_variance.named("mean_variance"));
        out.push(("closed_form_variance".into(), &self.closed_form_variance));
        out.extend(self.model_entropy_bits.named("model_entropy_bits"));
        out.push((
            "closed_form_entropy_bits".into(),
            &self.closed_form_entropy_bits,
        ));
        out.extend(self.sq_error.named("sq_error"));
        out.push(("closed_form_sq_error".into(), &self.closed_form_sq_error));
        out.push(("acceptance_rate".into(), &self.acceptance_rate));
        // Curves that do not apply to this run are empty: left out (the order of the others,
        // and so the fingerprint, is unchanged).
        out.retain(|(_, values)| !values.is_empty());
        out
    }
}

/// Per-generation accumulators over replicates.
#[derive(Clone, Debug, Default)]
struct GenAccumulator {
    variance: Moments,
    entropy: Moments,
    sq_error: Moments,
    accepted: f64,
}

/// `X` and the fitted means `mu_t` of consecutive replicates (a block's, or the first ones of
/// a block in progress).
#[derive(Clone, Debug, Default, PartialEq)]
struct ReplicateData {
    /// `X` of each replicate, in replicate order.
    xs: Vec<f64>,
    /// `mu_t` of replicate `i` at `mus[t * stride + i]`.
    mus: Vec<f64>,
    /// Entries per generation in `mus` (at least `xs.len()`).
    stride: usize,
}

impl ReplicateData {
    fn with_room(replicates: usize, generations: usize) -> Self {
        ReplicateData {
            xs: Vec::with_capacity(replicates),
            mus: vec![0.0; replicates * generations],
            stride: replicates,
        }
    }

    /// The first `m` fitted means of generation `t` (`m` at most the replicates held).
    fn column(&self, t: usize, m: usize) -> &[f64] {
        &self.mus[t * self.stride..t * self.stride + m]
    }
}

/// What a set of replicates of scenario B adds up to: per-generation moments, and every
/// replicate's `X` and `mu_t` (the information estimates need all of them), block by block.
#[derive(Clone, Debug)]
pub struct GaussTally {
    replicates: u64,
    gens: Vec<GenAccumulator>,
    data: Vec<Arc<ReplicateData>>,
}

impl GaussTally {
    fn new(params: &GaussParams) -> Self {
        GaussTally {
            replicates: 0,
            gens: vec![GenAccumulator::default(); params.n_generations + 1],
            data: Vec::new(),
        }
    }

    fn view(&self) -> View<'_> {
        View(self.data.iter().map(|d| &**d).collect())
    }
}

/// The replicates' data, block after block.
struct View<'a>(Vec<&'a ReplicateData>);

impl View<'_> {
    /// The first `m` replicates' `X` (all when `m` is larger), borrowed when one block holds
    /// them.
    fn xs(&self, m: usize) -> Cow<'_, [f64]> {
        match &self.0[..] {
            [one] => Cow::Borrowed(&one.xs[..m.min(one.xs.len())]),
            blocks => Cow::Owned(blocks.iter().flat_map(|d| &d.xs).copied().take(m).collect()),
        }
    }

    /// The first `m` replicates' `mu_t` (all when `m` is larger), borrowed when one block holds
    /// them.
    fn column(&self, t: usize, m: usize) -> Cow<'_, [f64]> {
        match &self.0[..] {
            [one] => Cow::Borrowed(one.column(t, m.min(one.xs.len()))),
            blocks => Cow::Owned(
                blocks
                    .iter()
                    .flat_map(|d| d.column(t, d.xs.len()))
                    .copied()
                    .take(m)
                    .collect(),
            ),
        }
    }
}

impl Tally for GaussTally {
    fn absorb(&mut self, next: &Self) {
        self.replicates += next.replicates;
        for (gen, other) in self.gens.iter_mut().zip(&next.gens) {
            gen.variance.absorb(&other.variance);
            gen.entropy.absorb(&other.entropy);
            gen.sq_error.absorb(&other.sq_error);
            gen.accepted += other.accepted;
        }
        self.data.extend(next.data.iter().cloned());
    }

    fn write(&self, out: &mut TallyWriter) {
        out.count(self.replicates);
        for gen in &self.gens {
            out.moments(&gen.variance);
            out.moments(&gen.entropy);
            out.moments(&gen.sq_error);
            out.sum(gen.accepted);
        }
        // The replicates' data as one block: X, then mu_t generation after generation.
        let view = self.view();
        let xs = view.xs(usize::MAX);
        out.list(&xs);
        for t in 0..self.gens.len() {
            out.list(&view.column(t, xs.len()));
        }
    }

    fn read(&mut self, input: &mut TallyReader<'_>) -> Result<(), BlockError> {
        self.replicates = input.count()?;
        for gen in &mut self.gens {
            gen.variance = input.moments()?;
            gen.entropy = input.moments()?;
            gen.sq_error = input.moments()?;
            gen.accepted = input.sum()?;
        }
        let xs = input.list()?;
        let n = xs.len();
        let mut mus = Vec::with_capacity(n * self.gens.len());
        for _ in 0..self.gens.len() {
            let column = input.list()?;
            if column.len() != n {
                return Err(BlockError::Malformed(
                    "a generation's means do not match its replicates",
                ));
            }
            mus.extend(column);
        }
        self.data = if n == 0 {
            Vec::new()
        } else {
            vec![Arc::new(ReplicateData { xs, mus, stride: n })]
        };
        Ok(())
    }
}

/// A run of scenario B in progress: over a range of replicates
/// ([`for_replicates`](GaussSim::for_replicates)), or resumed from the tally of all of them for
/// the information estimates ([`resume`](GaussSim::resume)). Call
/// [`advance`](GaussSim::advance) until it returns true, then [`finish`](GaussSim::finish).
/// Whole runs go through [`Blocked`] ([`run_on`]).
#[derive(Clone, Debug)]
pub struct GaussSim {
    params: GaussParams,
    seed: u64,
    engine: Engine,
    /// The replicates this simulation computes (empty when resumed).
    replicates: Range<usize>,
    next_replicate: usize,
    /// The replicates done: those of the tally resumed from, or this range's so far (their
    /// data in `own` until [`tally`](GaussSim::tally) is taken).
    tally: GaussTally,
    /// The data of this range's replicates.
    own: ReplicateData,
    /// Whether the run is resumed: its work is the information estimates.
    resumed: bool,
    /// Information estimates of the generations done (phase 2).
    estimates: Vec<GenEstimate>,
    /// `X` prepared for the KSG estimator once, at the start of phase 2.
    x_axis: Option<KsgAxis>,
}

/// The information estimates of one generation, from all `R` replicates.
#[derive(Clone, Copy, Debug, PartialEq)]
struct GenEstimate {
    ksg: KsgEstimate,
    /// Correlation estimate `(mid, lo, hi)`.
    corr: (f64, f64, f64),
}

/// Work units of one generation's estimates: `ceil(R / 500)`, so one unit costs about as much
/// as a replicate of a long run (a KSG estimate on 5000 points takes ~4 ms natively).
fn units_per_generation(n_replicates: usize) -> usize {
    n_replicates.div_ceil(500).max(1)
}

/// One fitted model: its mean and the natural logarithm of its variance.
#[derive(Clone, Copy, Debug)]
struct Model {
    mean: f64,
    ln_var: f64,
}

/// The mean and ML variance (as a logarithm) of `m >= 1` i.i.d. draws from `N(mean, e^ln_var)`,
/// drawn exactly from their joint law; a single draw has variance 0 (`ln_var = -inf`).
fn sample_moments(rng: &mut Stream, mean: f64, ln_var: f64, m: u64) -> Model {
    let mf = m as f64;
    let sd_mean = libm::exp(0.5 * ln_var) / f64::sqrt(mf);
    let draw_mean = mean + sd_mean * rng.normal();
    let ln_var_ml = if m >= 2 {
        // m var / v ~ chi^2_{m-1} = 2 Gamma((m - 1)/2).
        ln_var + libm::log(2.0 * rng.gamma((mf - 1.0) / 2.0) / mf)
    } else {
        f64::NEG_INFINITY
    };
    Model {
        mean: draw_mean,
        ln_var: ln_var_ml,
    }
}

/// `ln(1 + e^z)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 30.0 {
        z + libm::log1p(libm::exp(-z))
    } else {
        libm::log1p(libm::exp(z))
    }
}

/// `ln x`, floored at the smallest normal double so it is finite.
fn ln_floor(x: f64) -> f64 {
    libm::log(x.max(f64::MIN_POSITIVE))
}

impl GaussSim {
    /// The number of replicates `R`.
    pub fn replicates(params: &GaussParams) -> usize {
        params.n_replicates
    }

    /// Units of work of a whole run: `R` replicates (one unit each), then the information
    /// estimates of every generation (`ceil(R / 500)` units each).
    pub fn total_units(params: &GaussParams) -> usize {
        let w = units_per_generation(params.n_replicates);
        params.n_replicates + (params.n_generations + 1) * w
    }

    /// Starts replicates `replicates` of the run seeded `seed` on `engine` (no estimates: those
    /// need every replicate, see [`resume`](GaussSim::resume)). `params` must already be
    /// validated (every field within its spec's range).
    pub fn for_replicates(
        params: &GaussParams,
        seed: u64,
        engine: Engine,
        replicates: Range<usize>,
    ) -> Self {
        let len = params.n_generations + 1;
        GaussSim {
            params: params.clone(),
            seed,
            engine,
            next_replicate: replicates.start,
            own: ReplicateData::with_room(replicates.len(), len),
            replicates,
            tally: GaussTally::new(params),
            resumed: false,
            estimates: Vec::with_capacity(len),
            x_axis: None,
        }
    }

    /// The run whose replicates add up to `tally`; [`advance`](GaussSim::advance) then
    /// computes the information estimates from all of them.
    pub fn resume(params: &GaussParams, seed: u64, engine: Engine, tally: GaussTally) -> Self {
        let mut sim = GaussSim::for_replicates(params, seed, engine, 0..0);
        sim.tally = tally;
        sim.resumed = true;
        sim
    }

    /// The data of the replicates done (the tally's, then this range's).
    fn view(&self) -> View<'_> {
        let mut view = self.tally.view();
        if !self.own.xs.is_empty() {
            view.0.push(&self.own);
        }
        view
    }

    /// What the replicates done so far add up to.
    pub fn tally(&self) -> GaussTally {
        let mut tally = self.tally.clone();
        if !self.own.xs.is_empty() {
            tally.data.push(Arc::new(self.own.clone()));
        }
        tally
    }

    /// Work done and total: the range's replicates (one unit each); resumed, the whole run's
    /// units ([`total_units`](GaussSim::total_units)) with the estimates done.
    pub fn progress(&self) -> (usize, usize) {
        if self.resumed {
            let r = self.tally.replicates as usize;
            let w = units_per_generation(self.params.n_replicates);
            (r + self.estimates.len() * w, r + self.tally.gens.len() * w)
        } else {
            (
                self.next_replicate - self.replicates.start,
                self.replicates.len(),
            )
        }
    }

    /// Does about `budget` units of work (the range's replicates, or, resumed, the estimates
    /// of one generation at a time, at least one per call); returns true when done.
    pub fn advance(&mut self, budget: usize) -> bool {
        let mut left = budget;
        if !self.resumed {
            while left > 0 && self.next_replicate < self.replicates.end {
                self.run_replicate(self.next_replicate);
                self.next_replicate += 1;
                left -= 1;
            }
            return self.next_replicate >= self.replicates.end;
        }
        let w = units_per_generation(self.params.n_replicates);
        let gens = self.tally.gens.len();
        while left > 0 && self.estimates.len() < gens {
            let t = self.estimates.len();
            if self.x_axis.is_none() {
                self.x_axis = KsgAxis::new(&self.tally.view().xs(usize::MAX)).ok();
            }
            let est = self.estimate(t);
            self.estimates.push(est);
            left = left.saturating_sub(w);
        }
        self.estimates.len() >= gens
    }

    /// KSG and correlation estimates of `I(X; mu_t)` from all replicates.
    fn estimate(&self, t: usize) -> GenEstimate {
        let r = self.tally.replicates as usize;
        let view = self.tally.view();
        let mus = view.column(t, r);
        let ksg = match &self.x_axis {
            Some(x_axis) => {
                KsgAxis::new(&mus).and_then(|y| ksg_from_axes(x_axis, &y, KSG_NEIGHBOURS))
            }
            None => Err(crate::estimators::ksg::KsgError::NonFinite),
        };
        let ksg = match ksg {
            Ok(est) => est,
            Err(e) => {
                // Unreachable for validated parameters (R >= 50, finite draws).
                debug_assert!(false, "KSG failed at t={t}: {e}");
                KsgEstimate {
                    bits: 0.0,
                    std_error_bits: 0.0,
                    n: r,
                    k: KSG_NEIGHBOURS,
                }
            }
        };
        GenEstimate {
            ksg,
            corr: correlation_information_bits(&view.xs(r), &mus),
        }
    }

    fn run_replicate(&mut self, replicate: usize) {
        let prm = &self.params;
        let stride = self.own.stride;
        let slot = replicate - self.replicates.start;
        let n = prm.n_samples as u64;
        let n_real = prm.n_real_per_generation() as u64;
        let sigma = prm.noise_sd;
        let ln_sigma2 = libm::log(sigma * sigma);
        let sharpness = prm.sharpness();
        let log2_2pie = libm::log2(2.0 * PI * core::f64::consts::E);
        let mut rng = Stream::new(self.engine, self.seed, replicate as u64);

        let x = prm.prior_sd * rng.normal();
        let nu = prm.verifier_error_sd * rng.normal();
        let target = x + nu;
        self.own.xs.push(x);
        self.tally.replicates += 1;

        // Generation 0: ML fit to n0 real samples.
        let mut model = sample_moments(&mut rng, x, ln_sigma2, prm.n_real_initial as u64);

        for t in 0..self.tally.gens.len() {
            // Measure generation t.
            let gen = &mut self.tally.gens[t];
            let err = model.mean - x;
            gen.sq_error.push(err * err);
            gen.variance.push(libm::exp(model.ln_var));
            gen.entropy.push(0.5 * (log2_2pie + model.ln_var / LN_2));
            self.own.mus[t * stride + slot] = model.mean;
            if t == prm.n_generations {
                break;
            }

            // Step t -> t + 1: candidates, verifier, fresh data, refit.
            let (accepted, synth) = match sharpness {
                None => (n, sample_moments(&mut rng, model.mean, model.ln_var, n)),
                Some(delta) => {
                    let centre = (1.0 - prm.anchoring) * target + prm.anchoring * model.mean;
                    let ln_delta2 = 2.0 * libm::log(delta);
                    // ln(v + delta^2) and the tilted law N(mean + (c - mean) w, v').
                    let ln_total = ln_delta2 + softplus(model.ln_var - ln_delta2);
                    let weight = libm::exp(model.ln_var - ln_total);
                    let gap = model.mean - centre;
                    let p_accept = libm::exp(
                        0.5 * (ln_delta2 - ln_total) - gap * gap * 0.5 * libm::exp(-ln_total),
                    );
                    let k = rng.binomial(n, p_accept);
                    let tilted_mean = model.mean - gap * weight;
                    let tilted_ln_var = model.ln_var + ln_delta2 - ln_total;
                    let synth = if k > 0 {
                        sample_moments(&mut rng, tilted_mean, tilted_ln_var, k)
                    } else {
                        model
                    };
                    (k, synth)
                }
            };
            self.tally.gens[t + 1].accepted += accepted as f64 / n as f64;
            let total = accepted + n_real;
            if total < 2 {
                continue; // Keep the model.
            }
            model = if n_real == 0 {
                synth
            } else {
                let real = sample_moments(&mut rng, x, ln_sigma2, n_real);
                if accepted == 0 {
                    real
                } else {
                    pool(synth, accepted, real, n_real)
                }
            };
        }
    }

    /// Turns the accumulators into curves, in `O(generations)` for a complete run. Call after
    /// [`advance`](GaussSim::advance) returned true; earlier calls give the curves of the work
    /// done so far: means over the replicates done and, for the generations not yet estimated
    /// (the full estimates need every replicate), a preview of both information estimates from
    /// the first [`PREVIEW_REPLICATES`] replicates done (`O(generations x PREVIEW_REPLICATES log
    /// PREVIEW_REPLICATES)`).
    pub fn finish(&self) -> GaussRun {
        let prm = &self.params;
        let len = self.tally.gens.len();
        let r_done = self.tally.replicates as usize;
        let closed = prm.closed_form();
        let mut run = GaussRun {
            params: prm.clone(),
            seed: self.seed,
            info_ksg_bits: Band::with_capacity(len),
            info_gauss_bits: Band::with_capacity(len),
            closed_form_bits: closed.info_bits,
            dpi_ceiling_bits: vec![prm.dpi_ceiling_bits(); len],
            verifier_ceiling_bits: prm
                .verifier_ceiling_bits()
                .map_or_else(Vec::new, |c| vec![c; len]),
            mean_variance: Band::with_capacity(len),
            closed_form_variance: closed.mean_var,
            model_entropy_bits: Band::with_capacity(len),
            closed_form_entropy_bits: closed.entropy_bits,
            sq_error: Band::with_capacity(len),
            closed_form_sq_error: closed.error_var,
            acceptance_rate: Vec::with_capacity(len),
        };
        let view = self.view();
        let preview = Preview::new(self, &view);
        for (t, gen) in self.tally.gens.iter().enumerate() {
            let est = match self.estimates.get(t) {
                Some(est) => *est,
                None => preview.estimate(&view, t),
            };
            let (lo, hi) = est.ksg.band();
            run.info_ksg_bits.push_triple((est.ksg.bits, lo, hi));
            run.info_gauss_bits.push_triple(est.corr);
            run.mean_variance.push_triple(gen.variance.mean_band());
            run.model_entropy_bits.push_triple(gen.entropy.mean_band());
            run.sq_error.push_triple(gen.sq_error.mean_band());
            run.acceptance_rate.push(if t == 0 {
                1.0
            } else {
                gen.accepted / r_done.max(1) as f64
            });
        }
        run
    }
}

/// The preview of the information estimates in a partial run: the same estimators on the first
/// `m = min(replicates done, PREVIEW_REPLICATES)` replicates.
struct Preview {
    /// `m`.
    m: usize,
    /// `X` of those replicates, prepared for KSG (`None` while a preview is not needed or
    /// possible: the run is complete, or at most k replicates are done).
    x_axis: Option<KsgAxis>,
}

impl Preview {
    fn new(sim: &GaussSim, view: &View<'_>) -> Self {
        let m = (sim.tally.replicates as usize).min(PREVIEW_REPLICATES);
        let needed = sim.estimates.len() < sim.tally.gens.len() && m > KSG_NEIGHBOURS;
        Preview {
            m,
            x_axis: needed.then(|| KsgAxis::new(&view.xs(m)).ok()).flatten(),
        }
    }

    /// The preview of generation `t`'s estimates; zeros where no estimate can be formed yet
    /// (as the means of no replicate are).
    fn estimate(&self, view: &View<'_>, t: usize) -> GenEstimate {
        let mus = view.column(t, self.m);
        let ksg = self
            .x_axis
            .as_ref()
            .and_then(|x| {
                KsgAxis::new(&mus)
                    .and_then(|y| ksg_from_axes(x, &y, KSG_NEIGHBOURS))
                    .ok()
            })
            .unwrap_or(KsgEstimate {
                bits: 0.0,
                std_error_bits: 0.0,
                n: self.m,
                k: KSG_NEIGHBOURS,
            });
        GenEstimate {
            ksg,
            corr: correlation_information_bits(&view.xs(self.m), &mus),
        }
    }
}

/// The ML fit to the union of two samples given each one's size, mean and ML variance.
fn pool(a: Model, n_a: u64, b: Model, n_b: u64) -> Model {
    let (na, nb) = (n_a as f64, n_b as f64);
    let total = na + nb;
    let gap = a.mean - b.mean;
    let var =
        (na * libm::exp(a.ln_var) + nb * libm::exp(b.ln_var) + na * nb / total * gap * gap) / total;
    Model {
        mean: (na * a.mean + nb * b.mean) / total,
        ln_var: ln_floor(var),
    }
}

crate::scenario::simulation_by_inherent!(GaussSim, GaussParams, GaussRun, GaussTally);

/// Runs scenario B to completion on `engine` (in blocks of replicates, see [`Blocked`]).
pub fn run_on(params: &GaussParams, seed: u64, engine: Engine) -> GaussRun {
    Blocked::<GaussSim>::run(params, seed, engine)
}

/// Runs scenario B to completion on engine v1 (what `v=1` links compute).
///
/// ```
/// # use infoloop_core::scenarios::loop_gauss::{run, GaussParams};
/// let params = GaussParams { n_replicates: 100, n_generations: 5, ..GaussParams::default() };
/// let out = run(&params, 1);
/// assert_eq!(out.len(), 6);
/// // The closed loop loses task information, as its closed form says.
/// assert!(out.closed_form_bits.windows(2).all(|w| w[1] < w[0]));
/// assert!(out.info_ksg_bits.mid[5] < out.info_ksg_bits.mid[0]);
/// ```
pub fn run(params: &GaussParams, seed: u64) -> GaussRun {
    run_on(params, seed, Engine::V1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slicing_does_not_change_the_run() {
        let params = GaussParams {
            n_replicates: 60,
            n_generations: 8,
            verifier_on: true,
            real_fraction: 0.2,
            ..GaussParams::default()
        };
        let whole = run(&params, 9);
        for slice in [1, 7, 61] {
            let mut sim = Blocked::<GaussSim>::new(&params, 9, Engine::V1);
            while !sim.advance(slice) {}
            assert_eq!(sim.finish(), whole, "slice {slice}");
        }
    }

    /// A partial run previews the information estimates from the replicates done: finite at
    /// every generation, equal to the full estimate where one exists, and the complete run is
    /// unchanged by having been previewed.
    #[test]
    fn partial_runs_preview_the_information_estimates() {
        let params = GaussParams {
            n_replicates: 300,
            n_generations: 10,
            ..GaussParams::default()
        };
        let whole = run(&params, 4);
        let mut sim = Blocked::<GaussSim>::new(&params, 4, Engine::V1);
        let first = sim.finish();
        assert!(first.info_ksg_bits.mid.iter().all(|&v| v == 0.0));
        sim.advance(150);
        let early = sim.finish();
        // The call that completes the replicates stops there: the estimates' units cost more.
        assert!(!sim.advance(300 - 150 + 4 * units_per_generation(300)));
        assert_eq!(sim.progress().0, 300, "stopped where the replicates end");
        sim.advance(4 * units_per_generation(300));
        let late = sim.finish();
        for r in [&early, &late] {
            for (name, values) in r.curves() {
                assert_eq!(values.len(), whole.len(), "{name}");
                assert!(values.iter().all(|v| v.is_finite()), "{name}: {values:?}");
            }
        }
        // The first four generations are estimated in full, the rest previewed.
        assert_eq!(late.info_ksg_bits.mid[..4], whole.info_ksg_bits.mid[..4]);
        assert_ne!(late.info_ksg_bits.mid[4..], whole.info_ksg_bits.mid[4..]);
        // The preview of the closed loop sees the information fall, as the full estimate does.
        assert!(early.info_ksg_bits.mid[10] < early.info_ksg_bits.mid[0]);
        while !sim.advance(7) {}
        assert_eq!(sim.finish(), whole);
    }

    #[test]
    fn closed_form_matches_design_sum_without_fresh_data() {
        let p = GaussParams {
            n_samples: 7,
            n_real_initial: 5,
            noise_sd: 1.5,
            ..GaussParams::default()
        };
        let cf = p.closed_form();
        let (n, n0, s2) = (7.0f64, 5.0f64, 2.25f64);
        let mut v = s2 / n0;
        for t in 0..cf.error_var.len() {
            let s_t = s2 * (n0 - 1.0) / n0 * ((n - 1.0) / n).powi(t as i32);
            assert!((cf.mean_var[t] - s_t).abs() < 1e-12 * s_t.max(1.0), "S_{t}");
            assert!((cf.error_var[t] - v).abs() < 1e-12, "V_{t}");
            v += s_t / n;
        }
        assert_eq!(cf.entropy_bits.len(), cf.error_var.len());
    }

    /// The exact shortcut for the verifier (binomial count, tilted Gaussian moments) against
    /// accepting individual candidates.
    #[test]
    fn verifier_shortcut_matches_per_sample_acceptance() {
        let (mu, v, c, delta, n) = (0.3f64, 0.8f64, -0.5f64, 0.4f64, 12u64);
        let mut rng = Stream::new(Engine::V1, 77, 0);
        let trials = 40_000;
        let (mut count, mut mean_sum, mut var_sum, mut fits) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..trials {
            let mut acc = Vec::new();
            for _ in 0..n {
                let y = mu + f64::sqrt(v) * rng.normal();
                let p = libm::exp(-(y - c) * (y - c) / (2.0 * delta * delta));
                if rng.uniform() < p {
                    acc.push(y);
                }
            }
            count += acc.len() as f64;
            if acc.len() >= 2 {
                let m = acc.iter().sum::<f64>() / acc.len() as f64;
                let var = acc.iter().map(|y| (y - m) * (y - m)).sum::<f64>() / acc.len() as f64;
                mean_sum += m;
                var_sum += var * acc.len() as f64 / (acc.len() as f64 - 1.0);
                fits += 1.0;
            }
        }
        let d2 = delta * delta;
        let p_accept =
            f64::sqrt(d2 / (v + d2)) * libm::exp(-(mu - c) * (mu - c) / (2.0 * (v + d2)));
        let tilted_mean = mu + (c - mu) * v / (v + d2);
        let tilted_var = v * d2 / (v + d2);
        let rate = count / (trials as f64 * n as f64);
        assert!((rate - p_accept).abs() < 0.005, "{rate} vs {p_accept}");
        assert!(
            (mean_sum / fits - tilted_mean).abs() < 0.01,
            "{} vs {tilted_mean}",
            mean_sum / fits
        );
        assert!(
            (var_sum / fits - tilted_var).abs() < 0.01,
            "{} vs {tilted_var}",
            var_sum / fits
        );
    }

    #[test]
    fn pooling_matches_direct_moments() {
        let a = [1.0, 2.0, 4.0];
        let b = [-1.0, 3.0];
        let moments = |s: &[f64]| {
            let m = s.iter().sum::<f64>() / s.len() as f64;
            let v = s.iter().map(|y| (y - m) * (y - m)).sum::<f64>() / s.len() as f64;
            Model {
                mean: m,
                ln_var: v.ln(),
            }
        };
        let all: Vec<f64> = a.iter().chain(&b).copied().collect();
        let direct = moments(&all);
        let pooled = pool(moments(&a), 3, moments(&b), 2);
        assert!((pooled.mean - direct.mean).abs() < 1e-12);
        assert!((pooled.ln_var - direct.ln_var).abs() < 1e-12);
    }

    #[test]
    fn sharpness_mapping() {
        let mut p = GaussParams {
            verifier_on: true,
            noise_sd: 2.0,
            ..GaussParams::default()
        };
        p.verifier_strength = 0.5;
        assert_eq!(p.sharpness(), Some(2.0));
        p.verifier_strength = 0.8;
        assert!((p.sharpness().unwrap_or(0.0) - 0.5).abs() < 1e-12);
        p.verifier_strength = 1.0;
        assert_eq!(p.sharpness(), Some(0.04));
        p.verifier_strength = 0.0;
        assert_eq!(p.sharpness(), None);
        assert!(!p.is_open());
    }
}
