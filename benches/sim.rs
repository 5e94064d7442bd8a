//! Wall-clock benchmark of every scenario's simulator (`cargo bench --bench sim`).
//!
//! No harness: the cases are `infoloop_core::bench::cases()` (every registered scenario's
//! default run and the cases it declares), each a share-link query run through its
//! `RunSpec`, exactly what the browser hook `window.infoloop.timeRun(query, reps)` times
//! (`tests/e2e/bench.mjs` reads the same list from `window.infoloop.benchCases()`;
//! `scripts/bench.sh` joins the two by case name). Each case is warmed up, then timed a fixed
//! number of times (fewer for long runs); the table gives min / median / mean in milliseconds
//! and the curves' fingerprint (every repetition must compute the same curves, and a query
//! listed in `tests/golden/loop_a.txt` must match its golden fingerprint).
//!
//! A name filter may follow `--` (`cargo bench --bench sim -- "loop default"`). With
//! `BENCH_JSON=path` the medians are also written to `path` as one JSON object
//! `{"case name": median ms, ...}`.

use infoloop_core::link::parse_query;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// `query -> fingerprint` from the golden file shared with the browser tests.
fn golden() -> BTreeMap<String, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/loop_a.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .map(|(q, fp)| (q.to_string(), fp.trim().to_string()))
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A JSON object of `name: median ms`, in case order (names are plain text; quoted by serde_json).
fn to_json(medians: &[(String, f64)]) -> String {
    let body: Vec<String> = medians
        .iter()
        .map(|(name, ms)| {
            let key = serde_json::to_string(name).expect("a string serializes");
            format!("  {key}: {ms:.4}")
        })
        .collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

fn main() {
    // `cargo bench` passes `--bench`; a name filter may follow.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let golden = golden();
    let mut medians = Vec::new();
    println!("| case | query | reps | min ms | median ms | mean ms | fingerprint |");
    println!("|---|---|---|---|---|---|---|");
    for case in infoloop_core::bench::cases() {
        if filter.as_deref().is_some_and(|f| !case.name.contains(f)) {
            continue;
        }
        let (state, notes) = parse_query(&case.query);
        assert!(notes.is_empty(), "{}: corrected: {notes:?}", case.name);
        // One run decides how many: about two seconds of timing per case, 5 to 21 (odd, so the
        // median is one measured run, as in the browser hook).
        let start = Instant::now();
        let print = black_box(state.run.run()).fingerprint();
        let once = ms(start.elapsed()).max(1e-3);
        let reps = ((2000.0 / once) as usize).clamp(5, 21) | 1;
        let warmup = if once < 200.0 { 3 } else { 1 };
        for _ in 0..warmup {
            black_box(state.run.run());
        }
        let mut times = Vec::with_capacity(reps);
        for _ in 0..reps {
            let start = Instant::now();
            let out = black_box(state.run.run());
            times.push(start.elapsed());
            assert_eq!(
                out.fingerprint(),
                print,
                "{}: repetitions differ",
                case.name
            );
        }
        if let Some(want) = golden.get(&case.query) {
            assert_eq!(
                &print, want,
                "{}: differs from tests/golden/loop_a.txt",
                case.name
            );
        }
        times.sort();
        let min = ms(times[0]);
        let median = ms(times[times.len() / 2]);
        let mean = times.iter().map(|&t| ms(t)).sum::<f64>() / times.len() as f64;
        println!(
            "| {} | `{}` | {reps} | {min:.2} | {median:.2} | {mean:.2} | {print} |",
            case.name, case.query,
        );
        medians.push((case.name, median));
    }
    if let Some(path) = std::env::var_os("BENCH_JSON") {
        std::fs::write(&path, to_json(&medians))
            .unwrap_or_else(|e| panic!("BENCH_JSON={}: {e}", path.to_string_lossy()));
        eprintln!("wrote {}", path.to_string_lossy());
    }
}
