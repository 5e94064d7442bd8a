//! Captions say what the run shows, including the surprising cases: each test runs a preset,
//! reads the caption, and checks its claim against the run's own numbers.
#![cfg(not(target_arch = "wasm32"))]

use infoloop_core::link::parse_query;
use infoloop_core::scenario::chart::{ChartData, Line};
use infoloop_core::scenario::format::num;
use infoloop_core::scenario::Run;

/// The run of a link and its chart `key`.
fn chart(query: &str, key: &str) -> (Run, ChartData) {
    let (state, notes) = parse_query(query);
    assert!(notes.is_empty(), "{query}: {notes:?}");
    let run = state.run.run();
    let data = run
        .chart(key)
        .unwrap_or_else(|| panic!("{query}: no chart {key}"));
    (run, data)
}

/// The main series' estimate (mid) of a chart.
fn main_mid(data: &ChartData) -> Vec<f64> {
    match &data.series[0].line {
        Line::Band { mid, .. } | Line::Points(mid) => mid.clone(),
        Line::Level(v) => vec![*v],
    }
}

#[test]
fn a_verifier_that_knows_less_than_the_data_falls_to_its_ceiling_and_the_caption_says_so() {
    let (_, data) = chart("v=1&sc=gauss&ver=1&om=1", "gauss-info");
    let info = main_mid(&data);
    let (first, last) = (info[0], *info.last().unwrap());
    // tau = omega = 1: the verifier's ceiling is 1/2 log2(1 + 1) = 0.5 bits.
    let ceiling = 0.5 * (1.0f64 + 1.0).log2();
    assert!(last < first - 1.0, "the run falls: {first} -> {last}");
    assert!(
        (last - ceiling).abs() < 0.15,
        "to the ceiling: {last} vs {ceiling}"
    );
    let c = &data.caption;
    assert!(
        c.contains(&format!("fell from {} to {}", num(first), num(last))),
        "{c}"
    );
    assert!(
        c.contains("½log₂(1+τ²/ω²)") && c.contains(&num(ceiling)),
        "{c}"
    );
    assert!(c.contains("not a promise"), "{c}");
}

#[test]
fn fresh_data_in_the_gaussian_loop_is_a_floor_and_the_caption_says_so() {
    let (_, data) = chart("v=1&sc=gauss&lam=0.25", "gauss-info");
    let info = main_mid(&data);
    let (first, last) = (info[0], *info.last().unwrap());
    let closed_limit = 0.5; // one real sample's worth at tau = sigma = 1
    assert!(
        last < first && last > closed_limit + 0.5,
        "{first} -> {last}"
    );
    let c = &data.caption;
    assert!(c.contains("fell") && c.contains("floor"), "{c}");
}

#[test]
fn a_self_judge_sharpens_accuracy_without_adding_task_information() {
    let (run, data) = chart("v=1&ver=1&kap=1", "info");
    let info = main_mid(&data);
    let Line::Band { hi, .. } = &data.series[0].line else {
        panic!()
    };
    assert!(
        info.iter().all(|&v| v <= hi[0]),
        "task information never rises above generation 0"
    );
    let accuracy = run.curve("mean_accuracy").unwrap();
    let (a0, a1) = (accuracy[0], *accuracy.last().unwrap());
    assert!(a1 > a0 + 0.2, "accuracy sharpens: {a0} -> {a1}");
    let c = &data.caption;
    assert!(
        c.contains("Self-judge") && c.contains("information-closed"),
        "{c}"
    );
    assert!(
        c.contains(&format!("from {} to {}", num(a0), num(a1))),
        "{c}"
    );
    assert!(c.contains("Confidence, not task information"), "{c}");
    let (_, acc) = chart("v=1&ver=1&kap=1", "accuracy");
    let greedy = run.curve("greedy_accuracy").unwrap();
    assert!(
        greedy.iter().all(|&g| g <= greedy[0] + 0.05),
        "greedy accuracy does not rise"
    );
    assert!(
        acc.caption.contains("does not rise above generation 0"),
        "{}",
        acc.caption
    );
}

#[test]
fn a_coin_flip_verifier_is_closed_and_falls_faster_than_the_closed_loop() {
    let (_, coin) = chart("v=1&ver=1&s=0", "info");
    let (_, closed) = chart("v=1", "info");
    let (c, k) = (main_mid(&coin), main_mid(&closed));
    assert!(
        c[10] < k[10],
        "at generation 10: coin {} vs closed {}",
        c[10],
        k[10]
    );
    assert!(coin.caption.contains("Coin-flip") && coin.caption.contains("information-closed"));
}

#[test]
fn the_diversity_sentence_follows_the_runs_value() {
    let full = 4.0; // M = 16 forms in scenario C's defaults
    let cases = [
        ("v=1&sc=budget", "stay equally likely"),
        ("v=1&sc=budget&c=0&vr=0", "collapsed"),
        ("v=1&sc=budget&c=0", "eroded"),
    ];
    for (query, claim) in cases {
        let (_, data) = chart(query, "budget-diversity");
        let end = *main_mid(&data).last().unwrap();
        let c = &data.caption;
        assert!(c.contains(claim), "{query}: {c}");
        match claim {
            "stay equally likely" => assert!(end >= full - 0.05, "{query}: {end}"),
            "collapsed" => assert!(end < 0.05, "{query}: {end}"),
            _ => assert!(end > 0.05 && end < full - 0.05, "{query}: {end}"),
        }
    }
}

#[test]
fn the_reward_hacking_tab_opens_on_the_hack() {
    let (state, _) = parse_query("v=1&sc=hacking");
    let scenario = state.run.scenario;
    let (main, _) = scenario.chart_keys()[0];
    let (run, data) = chart("v=1&sc=hacking", main);
    let b = run.curve("accuracy_b").unwrap();
    let chance = 1.0 / 8.0;
    assert!(
        *b.last().unwrap() < chance,
        "source B ends below chance: {}",
        b.last().unwrap()
    );
    assert!(data.caption.contains("below chance"), "{}", data.caption);
    assert!(data.series.iter().any(|s| s.label.contains("source B")));
}
