//! Wall-clock benchmark of scenario A's simulator (`cargo bench --bench sim`).
//!
//! No harness: each case is a fixed (parameters, seed) run, warmed up, then timed a fixed number
//! of times; the table gives min / median / mean in milliseconds and the replicate-generation
//! throughput. The fingerprint column shows every repetition computed the same curves.

use infoloop::core::loop_cat::{run, LoopParams, LoopRun};
use infoloop::core::scenario::Curves;
use infoloop::core::series::fingerprint;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// One benchmark case.
struct Case {
    name: &'static str,
    params: LoopParams,
    seed: u64,
    warmup: usize,
    reps: usize,
}

fn fingerprint_of(run: &LoopRun) -> u64 {
    fingerprint(run.curves().into_iter().flat_map(|(_, v)| v.to_vec()))
}

fn cases() -> Vec<Case> {
    let d = LoopParams::default();
    vec![
        Case {
            name: "A default (closed)",
            params: d.clone(),
            seed: 1,
            warmup: 3,
            reps: 20,
        },
        Case {
            name: "A verifier s=0.4",
            params: LoopParams {
                verifier_on: true,
                verifier_strength: 0.4,
                ..d.clone()
            },
            seed: 1,
            warmup: 3,
            reps: 20,
        },
        Case {
            name: "A large R=5000 T=100 N=1024",
            params: LoopParams {
                n_replicates: 5000,
                n_generations: 100,
                n_samples: 1024,
                ..d
            },
            seed: 1,
            warmup: 1,
            reps: 5,
        },
    ]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    // `cargo bench` passes `--bench`; a name filter may follow.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    println!("| case | R x T | reps | min ms | median ms | mean ms | M rep-gens/s | fingerprint |");
    println!("|---|---|---|---|---|---|---|---|");
    for case in cases() {
        if filter.as_deref().is_some_and(|f| !case.name.contains(f)) {
            continue;
        }
        let mut print = None;
        for _ in 0..case.warmup {
            let out = run(black_box(&case.params), black_box(case.seed));
            print = Some(fingerprint_of(&out));
        }
        let mut times = Vec::with_capacity(case.reps);
        for _ in 0..case.reps {
            let start = Instant::now();
            let out = black_box(run(black_box(&case.params), black_box(case.seed)));
            times.push(start.elapsed());
            let fp = fingerprint_of(&out);
            assert_eq!(
                print.replace(fp).unwrap_or(fp),
                fp,
                "{}: repetitions differ",
                case.name
            );
        }
        times.sort();
        let min = ms(times[0]);
        let median = if times.len() % 2 == 1 {
            ms(times[times.len() / 2])
        } else {
            (ms(times[times.len() / 2 - 1]) + ms(times[times.len() / 2])) / 2.0
        };
        let mean = times.iter().map(|&t| ms(t)).sum::<f64>() / times.len() as f64;
        let p = &case.params;
        let rep_gens = (p.n_replicates * (p.n_generations + 1)) as f64;
        println!(
            "| {} | {} x {} | {} | {min:.2} | {median:.2} | {mean:.2} | {:.2} | {:016x} |",
            case.name,
            p.n_replicates,
            p.n_generations,
            case.reps,
            rep_gens / (median / 1e3) / 1e6,
            print.unwrap_or(0),
        );
    }
}
