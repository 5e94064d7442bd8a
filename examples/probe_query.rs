//! Profiling target: runs the state a share-link query describes, `reps` times
//! (`cargo run --release --example probe_query -- 'v=1&sc=hacking' 20`), and prints the median.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let query = args.next().unwrap_or_else(|| "v=1".into());
    let reps: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let (state, _) = infoloop_core::link::parse_query(&query);
    let mut times: Vec<f64> = (0..reps.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(state.run.run());
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{query}: median {:.2} ms over {} runs",
        times[times.len() / 2],
        times.len()
    );
}
