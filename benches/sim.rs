//! Wall-clock benchmark of every scenario's simulator (`cargo bench --bench sim`).
//!
//! No harness: each case is a share-link query, parsed with `infoloop::share::parse_query` and
//! run with `infoloop::scenario::AnySim::run`, exactly what the browser hook
//! `window.infoloop.timeRun(query, reps)` times (`tests/e2e/bench.mjs` runs the same queries,
//! `scripts/bench.sh` joins the two by case name). Each case is warmed up, then timed a fixed
//! number of times; the table gives min / median / mean in milliseconds, the replicate-generation
//! throughput for scenario A, and the curves' fingerprint (every repetition must compute the same
//! curves, and a query listed in `tests/golden/loop_a.txt` must match its golden fingerprint).
//!
//! A name filter may follow `--` (`cargo bench --bench sim -- "B default"`). With `BENCH_JSON=path`
//! the medians are also written to `path` as one JSON object `{"case name": median ms, ...}`.

use infoloop::scenario::{AnySim, ScenarioId};
use infoloop::share::{parse_query, ShareState};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// One benchmark case: a share-link query, warmed up `warmup` times, then timed `reps` times.
struct Case {
    name: &'static str,
    query: &'static str,
    warmup: usize,
    reps: usize,
}

/// The cases. `<X> default` is scenario X's default run (what the page runs when its tab opens);
/// `tests/e2e/bench.mjs` times the same names and queries in Chromium. Odd `reps`, so the median
/// is one measured run on both sides (the browser hook takes the middle element).
const CASES: &[Case] = &[
    Case {
        name: "A default",
        query: "v=1",
        warmup: 3,
        reps: 21,
    },
    Case {
        name: "B default",
        query: "v=1&sc=gauss",
        warmup: 3,
        reps: 21,
    },
    Case {
        name: "C default",
        query: "v=1&sc=budget",
        warmup: 3,
        reps: 21,
    },
    Case {
        name: "D default",
        query: "v=1&sc=transfer",
        warmup: 3,
        reps: 21,
    },
    Case {
        name: "E default",
        query: "v=1&sc=hacking",
        warmup: 3,
        reps: 21,
    },
    Case {
        name: "A verifier s=0.4",
        query: "v=1&ver=1&s=0.4",
        warmup: 3,
        reps: 21,
    },
    Case {
        name: "A large R=5000 T=100 N=1024",
        query: "v=1&r=5000&t=100&n=1024",
        warmup: 1,
        reps: 5,
    },
];

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

/// Million replicate-generations per second of a scenario-A run, or a dash.
fn throughput(state: &ShareState, median_ms: f64) -> String {
    if state.scenario != ScenarioId::Loop || state.sweep_on {
        return "–".into();
    }
    let p = &state.loop_params;
    let rep_gens = (p.n_replicates * (p.n_generations + 1)) as f64;
    format!("{:.2}", rep_gens / (median_ms / 1e3) / 1e6)
}

/// A JSON object of `name: median ms`, in case order (names are plain text; quoted by serde_json).
fn to_json(medians: &[(&str, f64)]) -> String {
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
    println!("| case | query | reps | min ms | median ms | mean ms | M rep-gens/s | fingerprint |");
    println!("|---|---|---|---|---|---|---|---|");
    for case in CASES {
        if filter.as_deref().is_some_and(|f| !case.name.contains(f)) {
            continue;
        }
        let (state, notes) = parse_query(case.query);
        assert!(
            notes.is_empty(),
            "{}: query {:?} was corrected: {notes:?}",
            case.name,
            case.query
        );
        let mut print = None;
        for _ in 0..case.warmup {
            print = Some(AnySim::run(black_box(&state)).fingerprint());
        }
        let mut times = Vec::with_capacity(case.reps);
        for _ in 0..case.reps {
            let start = Instant::now();
            let out = black_box(AnySim::run(black_box(&state)));
            times.push(start.elapsed());
            let fp = out.fingerprint();
            let first = print.get_or_insert_with(|| fp.clone());
            assert_eq!(*first, fp, "{}: repetitions differ", case.name);
        }
        let print = print.unwrap_or_default();
        if let Some(want) = golden.get(case.query) {
            assert_eq!(
                &print, want,
                "{}: fingerprint differs from tests/golden/loop_a.txt",
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
        println!(
            "| {} | `{}` | {} | {min:.2} | {median:.2} | {mean:.2} | {} | {print} |",
            case.name,
            case.query,
            case.reps,
            throughput(&state, median),
        );
        medians.push((case.name, median));
    }
    if let Some(path) = std::env::var_os("BENCH_JSON") {
        std::fs::write(&path, to_json(&medians))
            .unwrap_or_else(|e| panic!("BENCH_JSON={}: {e}", path.to_string_lossy()));
        eprintln!("wrote {}", path.to_string_lossy());
    }
}
