//! Times scenario G natively: parsing `static/words-en.txt`, then each preset's default run
//! (median and minimum of `REPS` runs after one warm-up), with its headline numbers, and scenario
//! A's default run in the same process as a yardstick (docs/BENCH.md has A's time on the bench
//! machine, so the ratio carries over when this machine is busy).
//!
//! `cargo run --release --example text_timing` (the release profile the page is built with).
use infoloop_core::scenarios::loop_cat::{self, LoopParams};
use infoloop_core::scenarios::text::{preset, run, Corpus, PRESETS};
use std::sync::Arc;
use std::time::{Duration, Instant};

const REPS: usize = 21;

fn median_and_min(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[0])
}

fn main() {
    let a_params = LoopParams::default();
    let a_first = loop_cat::run(&a_params, 1);
    let a_times = (0..REPS)
        .map(|_| {
            let t0 = Instant::now();
            let again = loop_cat::run(&a_params, 1);
            let elapsed = t0.elapsed();
            assert_eq!(again, a_first);
            elapsed
        })
        .collect();
    let (a_med, a_min) = median_and_min(a_times);
    println!("scenario A default (yardstick): median {a_med:.2?}, min {a_min:.2?}");
    let text = include_str!("../static/words-en.txt");
    let parse: Vec<Duration> = (0..REPS)
        .map(|_| {
            let t0 = Instant::now();
            let corpus = Corpus::parse(text).expect("the data file parses");
            let elapsed = t0.elapsed();
            assert_eq!(corpus.len(), 25_000);
            elapsed
        })
        .collect();
    let (med, min) = median_and_min(parse);
    println!("parse static/words-en.txt: median {med:.2?}, min {min:.2?}");
    let corpus = Arc::new(Corpus::parse(text).expect("the data file parses"));
    for p in PRESETS {
        let name = p.label;
        let params = preset(name).expect("a listed preset");
        let out = run(&params, 1, &corpus);
        let times = (0..REPS)
            .map(|_| {
                let t0 = Instant::now();
                let again = run(&params, 1, &corpus);
                let elapsed = t0.elapsed();
                assert_eq!(again, out);
                elapsed
            })
            .collect();
        let (med, min) = median_and_min(times);
        let t = out.len() - 1;
        let ce = &out.heldout_bits_per_char;
        let d = &out.distinct_real_words;
        println!(
            "{name:20} median {med:.2?}, min {min:.2?} ({:.2} x A's min) | held-out bits/char \
             {:.3} -> {:.3}, distinct real words {:.1} -> {:.1}",
            min.as_secs_f64() / a_min.as_secs_f64(),
            ce.mid[0],
            ce.mid[t],
            d.mid[0],
            d.mid[t]
        );
    }
}
