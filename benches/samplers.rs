//! Nanoseconds per draw of the two randomness engines, v1 against v2
//! (`cargo bench --bench samplers`), and what v2 would do to scenario A.
//!
//! No harness. Each case is calibrated to about 20 ms per round, warmed up, then timed in
//! [`ROUNDS`] rounds; a table row is the fastest round, in ns per draw (the machine is shared:
//! the fastest round is the one least disturbed by other processes). Tables:
//!
//! 1. v1 against v2 per kind of draw: the generators, uniforms, normals, gammas, binomials at
//!    several `(n, p)`, multinomials and categoricals, and the cost of going through `Stream`.
//! 2. The switch points of the v2 binomial: inversion against BTPE at means 6 to 50
//!    for 256, 4096 and 10^6 trials (`btpe::INVERSION_MAX_MEAN` and `_LARGE_N` are set from it).
//! 3. `q^n` for the inversion: repeated squaring against `exp(n ln_1p(-p))`.
//! 4. Scenario A, closed loop: `loop_cat::run` (engine v1, the shipped code) against a copy of
//!    its replicate loop written on `Stream` (draws in the same order; with V1 it must give the
//!    shipped run's last mean accuracy exactly, which checks the copy), run with V1 and V2. The
//!    copy is a measurement device only: the scenario itself is not changed here.
//!
//! A name filter may follow `--` (`cargo bench --bench samplers -- binomial`): only rows whose
//! name contains it run. Benches inherit the release profile (opt-level "s", LTO), as the page.

use infoloop_core::estimators::information::log2;
use infoloop_core::random::rng::SimRng;
use infoloop_core::random::stream::{Engine, Stream};
use infoloop_core::random::xoshiro::Xoshiro256pp;
use infoloop_core::random::{btpe, btrs, sample, sample_v2};
use infoloop_core::scenarios::loop_cat::{run, LoopParams};
use std::hint::black_box;
use std::time::Instant;

/// Timed rounds per case.
const ROUNDS: usize = 9;

/// The fastest of [`ROUNDS`] rounds of about 20 ms each (after calibration), in ns per call of
/// `f`. `f` returns something derived from its draw, folded into a checksum so
/// that no draw is optimised away.
fn ns_per_call(mut f: impl FnMut() -> u64) -> f64 {
    let mut acc = 0u64;
    let mut calls = 64usize;
    loop {
        let start = Instant::now();
        for _ in 0..calls {
            acc = acc.wrapping_add(f());
        }
        if start.elapsed().as_secs_f64() > 0.02 || calls >= 1 << 26 {
            break;
        }
        calls *= 2;
    }
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..calls {
            acc = acc.wrapping_add(f());
        }
        rounds.push(start.elapsed().as_secs_f64() * 1e9 / calls as f64);
    }
    black_box(acc);
    rounds.sort_by(f64::total_cmp);
    rounds[0]
}

fn v1() -> SimRng {
    SimRng::for_stream(1, 0)
}

fn v2() -> Xoshiro256pp {
    Xoshiro256pp::for_stream(1, 0)
}

/// One row of table 1: a name and the v1 and v2 timings (ns per draw).
fn row(
    filter: &Option<String>,
    name: &str,
    v1_ns: impl FnOnce() -> f64,
    v2_ns: impl FnOnce() -> f64,
) {
    if filter.as_deref().is_some_and(|f| !name.contains(f)) {
        return;
    }
    let (a, b) = (v1_ns(), v2_ns());
    println!("| {name} | {a:.1} | {b:.1} | {:.1}x |", a / b);
}

fn table_draws(filter: &Option<String>) {
    println!("| draw | v1 ns | v2 ns | v1 / v2 |");
    println!("|---|---|---|---|");
    row(
        filter,
        "generator next_u64",
        || {
            let mut r = v1();
            ns_per_call(|| r.next_u64())
        },
        || {
            let mut r = v2();
            ns_per_call(|| r.next_u64())
        },
    );
    row(
        filter,
        "uniform",
        || {
            let mut r = v1();
            ns_per_call(|| r.uniform().to_bits())
        },
        || {
            let mut r = v2();
            ns_per_call(|| r.uniform().to_bits())
        },
    );
    row(
        filter,
        "below(8)",
        || {
            let mut r = v1();
            ns_per_call(|| r.below(8))
        },
        || {
            let mut r = v2();
            ns_per_call(|| r.below(8))
        },
    );
    row(
        filter,
        "normal",
        || {
            let mut r = v1();
            ns_per_call(|| sample::normal(&mut r).to_bits())
        },
        || {
            let mut r = v2();
            ns_per_call(|| sample_v2::normal(&mut r).to_bits())
        },
    );
    for shape in [0.5, 3.0, 512.0] {
        row(
            filter,
            &format!("gamma({shape})"),
            || {
                let mut r = v1();
                ns_per_call(|| sample::gamma(&mut r, shape).to_bits())
            },
            || {
                let mut r = v2();
                ns_per_call(|| sample_v2::gamma(&mut r, shape).to_bits())
            },
        );
    }
    let binomials: [(u64, f64); 12] = [
        (8, 0.3),
        (32, 0.125),
        (32, 0.5),
        (1024, 0.002),
        (1024, 0.01),
        (1024, 0.125),
        (1024, 0.5),
        (1024, 0.99),
        (100_000, 0.3),
        (1_000_000, 0.5),
        (1_000_000_000, 0.5),
        (1 << 40, 0.5),
    ];
    for (n, p) in binomials {
        row(
            filter,
            &format!("binomial({n}, {p})"),
            || {
                let mut r = v1();
                ns_per_call(|| sample::binomial(&mut r, n, p))
            },
            || {
                let mut r = v2();
                ns_per_call(|| sample_v2::binomial(&mut r, n, p))
            },
        );
    }
    // Scenario A's draws: N samples over V = 8 answers from a model halfway to collapse.
    let probs = [0.6, 0.2, 0.08, 0.05, 0.03, 0.02, 0.01, 0.01];
    for n in [32u64, 1024] {
        row(
            filter,
            &format!("multinomial({n}, 8 answers)"),
            || {
                let mut r = v1();
                let mut counts = [0u64; 8];
                ns_per_call(|| {
                    sample::multinomial_into(&mut r, n, &probs, &mut counts);
                    counts[0]
                })
            },
            || {
                let mut r = v2();
                let mut counts = [0u64; 8];
                ns_per_call(|| {
                    sample_v2::multinomial_into(&mut r, n, &probs, &mut counts);
                    counts[0]
                })
            },
        );
    }
    row(
        filter,
        "categorical(8 answers)",
        || {
            let mut r = v1();
            ns_per_call(|| sample::categorical(&mut r, &probs) as u64)
        },
        || {
            let mut r = v2();
            ns_per_call(|| sample_v2::categorical(&mut r, &probs) as u64)
        },
    );
    row(
        filter,
        "Stream binomial(1024, 0.125)",
        || {
            let mut s = Stream::new(Engine::V1, 1, 0);
            ns_per_call(|| s.binomial(1024, 0.125))
        },
        || {
            let mut s = Stream::new(Engine::V2, 1, 0);
            ns_per_call(|| s.binomial(1024, 0.125))
        },
    );
    row(
        filter,
        "Stream multinomial(1024, 8 answers)",
        || {
            let mut s = Stream::new(Engine::V1, 1, 0);
            let mut counts = [0u64; 8];
            ns_per_call(|| {
                s.multinomial_into(1024, &probs, &mut counts);
                counts[0]
            })
        },
        || {
            let mut s = Stream::new(Engine::V2, 1, 0);
            let mut counts = [0u64; 8];
            ns_per_call(|| {
                s.multinomial_into(1024, &probs, &mut counts);
                counts[0]
            })
        },
    );
}

fn table_switch(filter: &Option<String>) {
    if filter.as_deref().is_some_and(|f| !"switch".contains(f)) {
        return;
    }
    println!();
    println!("| mean n p | n | inversion ns | BTPE ns | BTRS ns |");
    println!("|---|---|---|---|---|");
    for n in [256u64, 4096, 1_000_000] {
        for mean in [
            6.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 25.0, 30.0, 35.0, 40.0, 50.0, 100.0,
        ] {
            let p = mean / n as f64;
            let mut r = v2();
            let inv = ns_per_call(|| btpe::inversion(&mut r, n, p));
            // BTPE's hat needs npq > 4.4 and degenerates towards it (5.9 ms per draw at a
            // mean of 6): not timed below a mean of 10.
            let (tpe, trs) = if mean >= 10.0 {
                (
                    format!("{:.1}", ns_per_call(|| btpe::btpe(&mut r, n, p))),
                    format!("{:.1}", ns_per_call(|| btrs::btrs(&mut r, n, p))),
                )
            } else {
                ("–".into(), "–".into())
            };
            println!("| {mean} | {n} | {inv:.1} | {tpe} | {trs} |");
        }
    }
}

/// `x^n` by binary exponentiation (a copy of v1's private `powi`).
fn powi(mut x: f64, mut n: u64) -> f64 {
    let mut acc = 1.0;
    while n > 0 {
        if n & 1 == 1 {
            acc *= x;
        }
        x *= x;
        n >>= 1;
    }
    acc
}

fn table_q_pow_n(filter: &Option<String>) {
    if filter.as_deref().is_some_and(|f| !"q^n".contains(f)) {
        return;
    }
    println!();
    println!("| q^n, n | repeated squaring ns | exp(n ln_1p(-p)) ns |");
    println!("|---|---|---|");
    for n in [32u64, 1024, 4096, 65_536, 1 << 24] {
        // Vary p a little per call so that nothing is hoisted out of the loop.
        let mut r = v2();
        let squaring = ns_per_call(|| powi(1.0 - 1e-3 * r.uniform(), black_box(n)).to_bits());
        let exp_log = ns_per_call(|| {
            libm::exp(black_box(n) as f64 * libm::log1p(-1e-3 * r.uniform())).to_bits()
        });
        println!("| {n} | {squaring:.1} | {exp_log:.1} |");
    }
}

/// Scenario A's closed loop (verifier off, no fresh data, replace mode, refit rate 1) on
/// `Stream`: every draw of `loop_cat`'s `start_replicate` and `generation` in the same order,
/// with the same per-generation measurements (argmax, entropy and cross-entropy logarithms).
/// Returns the last generation's mean accuracy `mean_r p_T(X)`.
fn loop_a_on_stream(engine: Engine, prm: &LoopParams, seed: u64) -> f64 {
    let v = prm.n_answers;
    let (mut p, mut p_star) = (vec![0.0; v], vec![0.0; v]);
    let mut counts = vec![0u64; v];
    let mut weights = vec![0.0; v];
    let other = (1.0 - prm.real_accuracy) / (v as f64 - 1.0);
    let log_r = libm::log(prm.real_accuracy * (v as f64 - 1.0) / (1.0 - prm.real_accuracy));
    let (mut last_accuracy, mut checksum) = (0.0, 0.0);
    for replicate in 0..prm.n_replicates {
        let mut s = Stream::new(engine, seed, replicate as u64);
        let x = s.below(v as u64) as usize;
        for (y, ps) in p_star.iter_mut().enumerate() {
            *ps = if y == x { prm.real_accuracy } else { other };
        }
        s.multinomial_into(prm.n_real_initial as u64, &p_star, &mut counts);
        // The DPI ceiling's posterior entropy: 2V exponentials and V logarithms.
        let max_log = counts
            .iter()
            .map(|&c| c as f64 * log_r)
            .fold(f64::MIN, f64::max);
        let z: f64 = counts
            .iter()
            .map(|&c| libm::exp(c as f64 * log_r - max_log))
            .sum();
        for &c in &counts {
            let post = libm::exp(c as f64 * log_r - max_log) / z;
            checksum += post * log2(post);
        }
        for (w, &c) in weights.iter_mut().zip(&counts) {
            *w = c as f64;
        }
        refit(&mut p, &weights, prm.smoothing, 1.0);
        for t in 0..=prm.n_generations {
            let mode = (1..v).fold(0, |best, i| if p[i] > p[best] { i } else { best });
            let y_t = s.categorical(&p);
            for (&pi, &qi) in p.iter().zip(&p_star) {
                let l = log2(pi);
                checksum -= (pi + qi) * l;
            }
            checksum += (mode + y_t) as f64 * 1e-9;
            if t == prm.n_generations {
                break;
            }
            s.multinomial_into(prm.n_samples as u64, &p, &mut counts);
            for (w, &c) in weights.iter_mut().zip(&counts) {
                *w = c as f64;
            }
            refit(&mut p, &weights, prm.smoothing, prm.refit_rate);
        }
        last_accuracy += p[x];
    }
    black_box(checksum);
    last_accuracy / prm.n_replicates as f64
}

/// `p <- (1 - beta) p + beta (w + alpha) / (sum w + V alpha)` (loop_cat's refit); keeps `p` if
/// `sum w = 0`.
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

/// The fastest wall time in ms of `f` over `reps` runs (after one warm-up), and its last result.
fn best_ms(reps: usize, mut f: impl FnMut() -> f64) -> (f64, f64) {
    let mut out = f();
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let start = Instant::now();
        out = black_box(f());
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[0], out)
}

fn table_loop_a(filter: &Option<String>) {
    if filter.as_deref().is_some_and(|f| !"scenario A".contains(f)) {
        return;
    }
    println!();
    println!("| scenario A closed loop | loop_cat::run (v1) ms | copy on Stream V1 ms | copy on Stream V2 ms | v1 / v2 |");
    println!("|---|---|---|---|---|");
    for (r, t, n, reps) in [(1000, 40, 32, 15), (5000, 100, 1024, 3)] {
        let prm = LoopParams {
            n_replicates: r,
            n_generations: t,
            n_samples: n,
            ..LoopParams::default()
        };
        let seed = 1;
        let (shipped, shipped_acc) = best_ms(reps, || {
            *run(&prm, seed)
                .mean_accuracy
                .mid
                .last()
                .expect("a finished run has points")
        });
        let (copy_v1, copy_v1_acc) = best_ms(reps, || loop_a_on_stream(Engine::V1, &prm, seed));
        assert_eq!(
            shipped_acc.to_bits(),
            copy_v1_acc.to_bits(),
            "the copy on Stream V1 must replay loop_cat::run"
        );
        let (copy_v2, copy_v2_acc) = best_ms(reps, || loop_a_on_stream(Engine::V2, &prm, seed));
        println!(
            "| R={r} T={t} N={n} (last accuracy v1 {shipped_acc:.4}, v2 {copy_v2_acc:.4}) | {shipped:.1} | {copy_v1:.1} | {copy_v2:.1} | {:.2}x |",
            copy_v1 / copy_v2
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a name filter may follow.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    table_draws(&filter);
    table_switch(&filter);
    table_q_pow_n(&filter);
    table_loop_a(&filter);
}
