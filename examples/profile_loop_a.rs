//! Profiling driver for scenario A (`cargo run --release --example profile_loop_a -- [R T N
//! [reps]]`, with `CARGO_PROFILE_RELEASE_DEBUG=2` for symbols): runs `loop_cat::run` closed-loop
//! at the given size (default the large case R=5000, T=100, N=1024) and prints the wall time of
//! each run, so that `perf record --call-graph dwarf` or `valgrind --tool=callgrind` can attribute
//! the time.

use infoloop_core::scenarios::loop_cat::{run, LoopParams};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("integer arguments: R T N [reps]"))
        .collect();
    let get = |i: usize, default: usize| args.get(i).copied().unwrap_or(default);
    let params = LoopParams {
        n_replicates: get(0, 5000),
        n_generations: get(1, 100),
        n_samples: get(2, 1024),
        ..LoopParams::default()
    };
    for rep in 0..get(3, 3) {
        let start = Instant::now();
        let out = black_box(run(&params, 1 + rep as u64));
        println!(
            "R={} T={} N={}: {:.1} ms (last accuracy {:.4})",
            params.n_replicates,
            params.n_generations,
            params.n_samples,
            start.elapsed().as_secs_f64() * 1e3,
            out.mean_accuracy.mid.last().copied().unwrap_or(f64::NAN)
        );
    }
}
