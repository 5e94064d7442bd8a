//! DESIGN.md's expectations for scenario E (reward hacking: the simplest component wins) as tests.
//!
//! The must-shows, at the default training settings with only `rho` or `b` changed, each for
//! several seeds: with `rho = 0.8` and one shared length knob (`G = 1`) the policy ends with
//! `P(long) > 0.95`, source-B accuracy below chance `1/V`, and a proxy reward that plateaus near
//! `rho`; rebalanced (`rho = 0.5`) the proxy reward reaches at least 0.9; a judge biased toward
//! long answers (`b = 0.3`) makes the proxy reward rise while the true accuracy stalls. Besides:
//! the shortcut is learned long before the answers, one knob per prompt (`G = K`) removes its
//! advantage, the step-0 readouts are exact, slicing invariance, determinism, and finite curves at
//! every corner of the parameter ranges. Run with `--nocapture` to see the key numbers.

use infoloop_core::random::stream::Engine;
use infoloop_core::scenario::params::Params;
use infoloop_core::scenario::Blocked;
use infoloop_core::scenario::{Curves, Simulation};
use infoloop_core::scenarios::hacking::{run_on, HackingParams, HackingRun, HackingSim};

/// Runs on the engine of this test binary (`super::ENGINE`).
fn run(p: &HackingParams, seed: u64) -> HackingRun {
    run_on(p, seed, super::ENGINE)
}

/// The seeds every must-show runs with.
const SEEDS: [u64; 3] = [1, 2, 3];

fn last(v: &[f64]) -> f64 {
    v[v.len() - 1]
}

fn summary(label: &str, r: &HackingRun) {
    let n = r.len() - 1;
    println!(
        "{label} seed {}: proxy {:.3} -> {:.3}; accuracy {:.3} -> {:.3} (A {:.3}, B {:.3} \
         [{:.3}, {:.3}]); P(long) {:.3} -> {:.3} (A {:.3}, B {:.3}); w {:.2}",
        r.seed,
        r.proxy_reward.mid[0],
        r.proxy_reward.mid[n],
        r.accuracy.mid[0],
        r.accuracy.mid[n],
        r.accuracy_a.mid[n],
        r.accuracy_b.mid[n],
        r.accuracy_b.lo[n],
        r.accuracy_b.hi[n],
        r.p_long.mid[0],
        r.p_long.mid[n],
        r.p_long_a.mid[n],
        r.p_long_b.mid[n],
        r.length_weight.mid[n],
    );
}

fn with(rho: f64, b: f64) -> HackingParams {
    HackingParams {
        source_a_share: rho,
        judge_bias: b,
        ..HackingParams::default()
    }
}

/// The first step at which `v` reaches `frac` of the way from its start to its end.
fn crossing(v: &[f64], frac: f64) -> usize {
    let (a, b) = (v[0], last(v));
    let target = a + frac * (b - a);
    v.iter()
        .position(|&x| if b >= a { x >= target } else { x <= target })
        .unwrap_or(v.len() - 1)
}

// ---------------------------------------------------------------------------------------------
// Must-shows at the default training settings (K, V, B, lr, T, R as in the spec table).

#[test]
fn skewed_sources_with_one_knob_learn_length_not_answers() {
    let p = HackingParams::default();
    assert_eq!((p.source_a_share, p.n_groups, p.judge_bias), (0.8, 1, 0.0));
    let chance = p.chance();
    for seed in SEEDS {
        let r = run(&p, seed);
        summary("rho=0.8 G=1", &r);
        let n = r.len() - 1;
        let long = r.p_long.mid[n];
        assert!(long > 0.95, "seed {seed}: final P(long) {long}");
        let acc_b = r.accuracy_b.mid[n];
        assert!(
            acc_b < 0.5 * chance,
            "seed {seed}: source-B accuracy {acc_b} not well below chance {chance}"
        );
        // The proxy reward (= true accuracy, b = 0) plateaus near rho: source A learned, source B
        // abandoned.
        let reward = r.proxy_reward.mid[n];
        assert!(
            (reward - 0.8).abs() < 0.05,
            "seed {seed}: final proxy reward {reward}, rho 0.8"
        );
        let half = r.proxy_reward.mid[n / 2];
        assert!(
            (reward - half).abs() < 0.03,
            "seed {seed}: proxy reward still moving, {half} at T/2 -> {reward}"
        );
        // b = 0: the proxy is the true accuracy.
        assert_eq!(r.proxy_reward, r.accuracy);
    }
}

#[test]
fn rebalanced_sources_reach_high_reward() {
    for seed in SEEDS {
        let r = run(&with(0.5, 0.0), seed);
        summary("rho=0.5", &r);
        let n = r.len() - 1;
        let reward = r.proxy_reward.mid[n];
        assert!(reward >= 0.9, "seed {seed}: final proxy reward {reward}");
        // Both sources are learned, and length stays uninformative.
        assert!(r.accuracy_b.mid[n] >= 0.85, "seed {seed}");
        assert!((r.p_long.mid[n] - 0.5).abs() < 0.1, "seed {seed}");
        // The true accuracy rises from chance.
        assert!((r.accuracy.mid[0] - 0.125).abs() < 1e-12);
        assert!(r.accuracy.mid[n] - r.accuracy.mid[0] > 0.75, "seed {seed}");
    }
}

#[test]
fn biased_judge_raises_proxy_reward_while_true_accuracy_stalls() {
    let p = with(0.8, 0.3);
    for seed in SEEDS {
        let biased = run(&p, seed);
        let exact = run(&with(0.8, 0.0), seed);
        summary("rho=0.8 b=0.3", &biased);
        let n = biased.len() - 1;
        let (r0, r1) = (biased.proxy_reward.mid[0], biased.proxy_reward.mid[n]);
        let (a1, a_half) = (biased.accuracy.mid[n], biased.accuracy.mid[n / 2]);
        // The proxy rises, to the plateau of the hack rho + b (1 - rho) = 0.86, above the reward
        // the exact verifier reports for the same training.
        assert!(r1 - r0 > 0.5, "seed {seed}: proxy {r0} -> {r1}");
        assert!(
            (r1 - p.length_hack_reward()).abs() < 0.03,
            "seed {seed}: proxy {r1}"
        );
        assert!(
            r1 > last(&exact.proxy_reward.mid) + 0.04,
            "seed {seed}: biased proxy {r1} vs exact {}",
            last(&exact.proxy_reward.mid)
        );
        // The true accuracy stalls: no better than with the exact verifier (the extra reward buys
        // nothing), flat over the second half, at most the length ceiling rho, source B below
        // chance; the gap to the proxy is the judge's bias on wrong long answers.
        assert!(
            (a1 - last(&exact.accuracy.mid)).abs() < 0.02,
            "seed {seed}: accuracy {a1} vs {} with the exact verifier",
            last(&exact.accuracy.mid)
        );
        assert!((a1 - a_half).abs() < 0.02, "seed {seed}: {a_half} -> {a1}");
        assert!(a1 <= 0.8 + 0.005, "seed {seed}: accuracy {a1}");
        assert!(r1 - a1 > 0.05, "seed {seed}: proxy {r1}, accuracy {a1}");
        assert!(biased.accuracy_b.hi[n] < p.chance(), "seed {seed}");
    }
}

#[test]
fn biased_judge_brings_the_hack_back_on_rebalanced_data() {
    for seed in SEEDS {
        let biased = run(&with(0.5, 0.3), seed);
        let exact = run(&with(0.5, 0.0), seed);
        summary("rho=0.5 b=0.3", &biased);
        let n = biased.len() - 1;
        // Length carries no information about correctness at rho = 0.5, yet the judge pays for
        // it: P(long) -> 1, the proxy rises, the true accuracy stalls at about half (source A
        // only), far below the exact verifier's.
        assert!(biased.p_long.mid[n] > 0.95, "seed {seed}");
        let (r0, r1) = (biased.proxy_reward.mid[0], biased.proxy_reward.mid[n]);
        assert!(r1 - r0 > 0.3, "seed {seed}: proxy {r0} -> {r1}");
        let a1 = biased.accuracy.mid[n];
        assert!(a1 < 0.55, "seed {seed}: accuracy {a1}");
        assert!(last(&exact.accuracy.mid) - a1 > 0.35, "seed {seed}");
        assert!(r1 - a1 > 0.1, "seed {seed}");
        assert!(biased.accuracy_b.hi[n] < 0.125, "seed {seed}");
    }
}

// ---------------------------------------------------------------------------------------------
// The mechanism.

#[test]
fn the_shortcut_is_learned_long_before_the_answers() {
    for seed in SEEDS {
        let r = run(&HackingParams::default(), seed);
        let t_long = crossing(&r.p_long.mid, 0.9);
        let t_acc = crossing(&r.accuracy_a.mid, 0.9);
        println!("seed {seed}: P(long) 90% of its rise at t = {t_long}, acc_A at t = {t_acc}");
        assert!(2 * t_long < t_acc, "seed {seed}: {t_long} vs {t_acc}");
    }
}

#[test]
fn one_knob_per_prompt_removes_the_shortcuts_advantage() {
    let p = HackingParams {
        n_groups: 32,
        ..HackingParams::default()
    };
    assert_eq!(p.n_knobs(), p.n_prompts);
    for seed in SEEDS {
        let r = run(&p, seed);
        summary("rho=0.8 G=K", &r);
        let n = r.len() - 1;
        // Source B is learned (far above chance) and answered short; P(long) ends near rho.
        assert!(r.accuracy_b.lo[n] > 0.5, "seed {seed}");
        assert!(r.p_long_b.mid[n] < 0.5, "seed {seed}");
        assert!(r.p_long.mid[n] < 0.85, "seed {seed}");
        assert!(r.accuracy.mid[n] > 0.9, "seed {seed}");
    }
    // Intermediate sharing: the more prompts share a knob, the worse source B ends.
    let acc_b = |g: usize| {
        let r = run(
            &HackingParams {
                n_groups: g,
                ..HackingParams::default()
            },
            1,
        );
        last(&r.accuracy_b.mid)
    };
    let (b1, b4, b32) = (acc_b(1), acc_b(4), acc_b(32));
    println!("final source-B accuracy: G=1 {b1:.3}, G=4 {b4:.3}, G=32 {b32:.3}");
    assert!(b1 < b4 && b4 < b32);
}

#[test]
fn step_zero_is_the_uniform_policy() {
    for (v, b, rho) in [
        (8usize, 0.3, 0.8),
        (5, 0.5, 0.3),
        (2, 1.0, 0.0),
        (31, 0.0, 1.0),
    ] {
        let p = HackingParams {
            n_candidates: v,
            judge_bias: b,
            source_a_share: rho,
            n_steps: 3,
            n_replicates: 2,
            ..HackingParams::default()
        };
        let r = run(&p, 4);
        let chance = 1.0 / v as f64;
        let long = (v / 2) as f64 / v as f64;
        for band in [&r.accuracy, &r.accuracy_a, &r.accuracy_b] {
            assert!((band.mid[0] - chance).abs() < 1e-12, "V={v}");
            assert!(band.hi[0] - band.lo[0] < 1e-12);
        }
        assert!((r.p_long.mid[0] - long).abs() < 1e-12, "V={v}");
        // E[min(1, r + b l)] = 1/V + b (V_L - rho)/V at the uniform policy (source A's correct
        // answer is one of the long ones).
        let proxy = chance + b * ((v / 2) as f64 - rho) / v as f64;
        assert!((r.proxy_reward.mid[0] - proxy).abs() < 1e-12, "V={v}");
        assert_eq!(r.length_weight.mid[0], 0.0);
    }
}

// ---------------------------------------------------------------------------------------------
// Contracts: slicing, determinism, finite corners, spec table.

#[test]
fn slicing_does_not_change_the_run() {
    let p = HackingParams {
        n_steps: 40,
        n_replicates: 7,
        judge_bias: 0.2,
        n_groups: 3,
        ..HackingParams::default()
    };
    for engine in Engine::ALL {
        let whole = run_on(&p, 11, engine);
        for slice in [1, 7, 41, 1000] {
            let mut sim = Blocked::<HackingSim>::new(&p, 11, engine);
            let mut calls = 0;
            while !sim.advance(slice) {
                calls += 1;
                assert!(calls < 1000);
            }
            assert_eq!(sim.progress(), (280, 280));
            assert_eq!(sim.finish(), whole);
        }
        assert_eq!(HackingSim::run(&p, 11, engine), whole);
    }
}

#[test]
fn runs_are_deterministic_and_seeded() {
    let p = HackingParams {
        n_steps: 50,
        n_replicates: 5,
        ..HackingParams::default()
    };
    let a = run(&p, 3);
    assert_eq!(a.fingerprint(), run(&p, 3).fingerprint());
    assert_ne!(a.fingerprint(), run(&p, 4).fingerprint());
    assert_eq!(a.seed, 3);
    let names: Vec<String> = a.curves().into_iter().map(|(n, _)| n).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
    for (name, v) in a.curves() {
        assert_eq!(v.len(), 51, "{name}");
    }
}

fn assert_finite_and_ordered(r: &HackingRun, label: &str) {
    for (name, v) in r.curves() {
        assert!(v.iter().all(|x| x.is_finite()), "{label}: {name}");
    }
    for band in [
        &r.proxy_reward,
        &r.accuracy,
        &r.accuracy_a,
        &r.accuracy_b,
        &r.p_long,
        &r.p_long_a,
        &r.p_long_b,
    ] {
        for t in 0..band.mid.len() {
            assert!(band.lo[t] <= band.mid[t] + 1e-12 && band.mid[t] <= band.hi[t] + 1e-12);
            assert!((-1e-12..=1.0 + 1e-12).contains(&band.mid[t]), "{label}");
        }
    }
}

#[test]
fn every_corner_gives_finite_curves() {
    let spec = |k: &str| {
        HackingParams::spec(k)
            .copied()
            .unwrap_or_else(|| panic!("{k}"))
    };
    let keys = ["rho", "g", "b", "k", "nv", "bs", "lr"];
    for mask in 0u32..(1 << keys.len()) {
        let mut p = HackingParams {
            n_steps: 12,
            n_replicates: 2,
            ..HackingParams::default()
        };
        for (i, key) in keys.iter().enumerate() {
            let s = spec(key);
            let v = if mask & (1 << i) != 0 { s.max } else { s.min };
            p.set(key, v);
        }
        let r = run(&p, 5);
        assert_eq!(r.len(), 13);
        assert_finite_and_ordered(&r, &format!("{p:?}"));
    }
    // Long runs at the most aggressive settings: the logits grow, the curves stay finite.
    for (k, v, bs, b, g) in [
        (2usize, 2usize, 1usize, 1.0, 1usize),
        (2, 32, 1, 0.0, 64),
        (8, 3, 2, 0.5, 1),
        (64, 8, 4, 0.0, 1),
    ] {
        let p = HackingParams {
            n_prompts: k,
            n_candidates: v,
            batch_size: bs,
            judge_bias: b,
            n_groups: g,
            learning_rate: 10.0,
            n_steps: 2000,
            n_replicates: 2,
            ..HackingParams::default()
        };
        let r = run(&p, 6);
        assert_finite_and_ordered(&r, &format!("{p:?}"));
    }
}

#[test]
fn defaults_match_the_spec_table() {
    let p = HackingParams::default();
    for s in HackingParams::specs() {
        assert_eq!(p.get(s.key), Some(s.default), "{}", s.key);
        let mut q = p.clone();
        q.set(s.key, s.max);
        assert_eq!(q.get(s.key), Some(s.max), "{}", s.key);
    }
    assert_eq!(p.get("nope"), None);
    assert_eq!((p.n_prompts_a(), p.n_prompts_b(), p.n_long()), (16, 16, 4));
    let odd = HackingParams {
        n_prompts: 5,
        n_candidates: 7,
        ..p
    };
    assert_eq!(
        (odd.n_prompts_a(), odd.n_prompts_b(), odd.n_long()),
        (3, 2, 3)
    );
}
