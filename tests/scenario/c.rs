//! DESIGN.md's expectations for scenario C (supervision under a fixed information budget) as
//! tests: the must-shows of the issue, the exactness of the chain-rule split, the budget, the
//! coin-flip verifier, and the contracts every scenario keeps (slicing, corners, determinism).
//!
//! The must-shows run at the defaults (K = 4, budget 0.05 bits per step, s = 1, T = 80) with
//! M in {1, 4, 16, 64}. Run with `--nocapture` to see the key numbers.

use infoloop_core::estimators::information::log2;
use infoloop_core::estimators::series::Band;
use infoloop_core::random::rng::SimRng;
use infoloop_core::random::stream::Engine;
use infoloop_core::scenario::params::{ParamKind, Params};
use infoloop_core::scenario::{Blocked, Curves, Simulation};
use infoloop_core::scenarios::budget::{
    budgeted_step, run_on, BudgetParams, BudgetRun, BudgetSim, B_MAX,
};

/// Runs on the engine of this test binary (`super::ENGINE`).
fn run(p: &BudgetParams, seed: u64) -> BudgetRun {
    run_on(p, seed, super::ENGINE)
}

/// The numbers of forms of the must-shows.
const FORMS: [usize; 4] = [1, 4, 16, 64];

fn last(v: &[f64]) -> f64 {
    v[v.len() - 1]
}

/// Half-width of the band at `t`, in standard errors: `(hi - lo) / 2 / 1.96`.
fn std_error(band: &Band, t: usize) -> f64 {
    (band.hi[t] - band.lo[t]) / 2.0 / 1.96
}

fn with(c: f64, varied: bool, m: usize) -> BudgetParams {
    BudgetParams {
        coarseness: c,
        varied_references: varied,
        n_forms: m,
        ..BudgetParams::default()
    }
}

fn summary(label: &str, r: &BudgetRun) {
    println!(
        "{label}: steps to 90% {:?} (median replicate {:?}); end: accuracy {:.3}, bits spent \
         {:.3} = task {:.3} + within {:.3}, eta {:.3}, H(form|C) {:.3} of {:.3}",
        r.steps_to(0.9),
        r.median_steps_to_90(),
        last(&r.accuracy.mid),
        last(&r.total_bits.mid),
        last(&r.task_bits.mid),
        last(&r.within_bits.mid),
        last(&r.efficiency.mid),
        last(&r.form_entropy_bits.mid),
        r.params.full_diversity_bits(),
    );
}

/// Pseudo-random parameters for property checks, from a fixed stream.
fn random_params(rng: &mut SimRng) -> BudgetParams {
    BudgetParams {
        coarseness: rng.uniform(),
        varied_references: rng.below(2) == 1,
        n_forms: 1 + rng.below(24) as usize,
        n_classes: 2 + rng.below(10) as usize,
        budget_bits: 0.001 + 0.999 * rng.uniform() * rng.uniform(),
        verifier_strength: [0.0, 0.4, 0.8, 1.0, rng.uniform()][rng.below(5) as usize],
        n_steps: 1 + rng.below(60) as usize,
        n_replicates: 1 + rng.below(4) as usize,
    }
}

// ---------------------------------------------------------------------------------------------
// Must-show 1: the binary signal (c = 1) is blind to the form.

#[test]
fn binary_signal_reaches_90_percent_in_the_same_steps_for_every_m_and_keeps_diversity() {
    let runs: Vec<BudgetRun> = FORMS.iter().map(|&m| run(&with(1.0, true, m), 1)).collect();
    let first = &runs[0];
    let steps = first.steps_to(0.9);
    assert!(steps.is_some(), "c = 1 never reaches 90%");
    for r in &runs {
        let m = r.params.n_forms;
        summary(&format!("c=1 M={m}"), r);
        assert_eq!(r.steps_to(0.9), steps, "M = {m}");
        assert_eq!(r.median_steps_to_90(), steps, "M = {m}");
        for t in 0..r.len() {
            // The update only moves mass between classes: the same accuracy for every M, and
            // nothing spent within a class.
            assert!(
                (r.accuracy.mid[t] - first.accuracy.mid[t]).abs() < 1e-12,
                "M = {m}, t = {t}: accuracy {} vs {}",
                r.accuracy.mid[t],
                first.accuracy.mid[t]
            );
            assert!(r.within_bits.mid[t].abs() < 1e-9, "M = {m}, t = {t}");
            assert!((r.efficiency.mid[t] - 1.0).abs() < 1e-9, "M = {m}, t = {t}");
            assert!(
                (r.form_entropy_bits.mid[t] - log2(m as f64)).abs() < 1e-9,
                "M = {m}, t = {t}: H(form|C) = {}",
                r.form_entropy_bits.mid[t]
            );
            // s = 1 and c = 1: every replicate is the same deterministic run, so the band has no
            // width (but for the rounding of the sum-of-squares variance, ~1e-8).
            assert!(
                r.accuracy.hi[t] - r.accuracy.lo[t] < 1e-6,
                "M = {m}, t = {t}"
            );
        }
        // All the task's bits and no more: log2 K.
        assert!((last(&r.task_bits.mid) - r.params.task_bits_max()).abs() < 1e-6);
    }
    // The reference does not enter a binary score: fixed or varied, the same curves.
    for &m in &FORMS {
        assert_eq!(
            run(&with(1.0, false, m), 1).accuracy,
            run(&with(1.0, true, m), 1).accuracy
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Must-show 2: the instance-level signal (c = 0) with varied references slows as M grows and
// erodes diversity.

#[test]
fn instance_level_with_varied_references_slows_as_m_grows_and_loses_diversity() {
    let binary = run(&with(1.0, true, 16), 1).steps_to(0.9).unwrap_or(0);
    let mut previous = 0;
    for &m in &FORMS {
        let r = run(&with(0.0, true, m), 1);
        summary(&format!("c=0 varied M={m}"), &r);
        let Some(steps) = r.steps_to(0.9) else {
            panic!(
                "c = 0, varied, M = {m}: never reaches 90% in {} steps",
                r.len() - 1
            );
        };
        if m == 1 {
            // One acceptable form: the reference is the class, the rubric is binary.
            assert_eq!(steps, binary);
            assert_eq!(r.accuracy, run(&with(1.0, true, 1), 1).accuracy);
        } else {
            assert!(
                steps > previous,
                "M = {m}: {steps} steps, not more than {previous}"
            );
            assert!(steps >= 2 * binary, "M = {m}: {steps} vs binary {binary}");
            let full = log2(m as f64);
            let h = last(&r.form_entropy_bits.mid);
            assert!(h < full - 0.3, "M = {m}: H(form|C) {h} vs full {full}");
            assert!(last(&r.within_bits.mid) > 0.3, "M = {m}");
            assert!(last(&r.efficiency.mid) < 0.9, "M = {m}");
        }
        previous = steps;
    }
}

// Also: with one fixed reference, c = 0 collapses diversity to 0 and spends log2 M bits on
// the form, while it learns only a little slower than the binary signal.

#[test]
fn instance_level_with_a_fixed_reference_collapses_diversity() {
    let binary = run(&with(1.0, false, 16), 1).steps_to(0.9).unwrap_or(0);
    let mut previous = 0;
    for &m in &FORMS {
        let r = run(&with(0.0, false, m), 1);
        summary(&format!("c=0 fixed M={m}"), &r);
        let steps = r.steps_to(0.9).unwrap_or(usize::MAX);
        assert!(steps >= previous, "M = {m}: {steps} steps < {previous}");
        if m > 1 {
            assert!(steps > binary, "M = {m}: {steps} vs binary {binary}");
            let h = last(&r.form_entropy_bits.mid);
            assert!(h < 1e-3, "M = {m}: H(form|C) {h} did not collapse");
            let p = &r.params;
            assert!((last(&r.within_bits.mid) - log2(m as f64)).abs() < 1e-3);
            assert!((last(&r.total_bits.mid) - p.total_bits_max()).abs() < 1e-3);
            let eta = p.task_bits_max() / p.total_bits_max();
            assert!((last(&r.efficiency.mid) - eta).abs() < 1e-3, "M = {m}");
        }
        previous = steps;
    }
}

// ---------------------------------------------------------------------------------------------
// The chain rule, the budget, the coin flip.

#[test]
fn chain_rule_split_is_exact_at_every_step() {
    let mut rng = SimRng::for_stream(2026, 0);
    for case in 0..40 {
        let p = random_params(&mut rng);
        let r = run(&p, case);
        let (total, task, within) = (&r.total_bits, &r.task_bits, &r.within_bits);
        for t in 0..r.len() {
            let gap = (task.mid[t] + within.mid[t] - total.mid[t]).abs();
            assert!(gap < 1e-9, "{p:?} t = {t}: task + within - total = {gap}");
            assert!(task.mid[t] <= p.task_bits_max() + 1e-9, "{p:?} t = {t}");
            assert!(total.mid[t] <= p.total_bits_max() + 1e-9, "{p:?} t = {t}");
            assert!(within.mid[t] >= 0.0 && task.mid[t] >= 0.0);
        }
    }
}

#[test]
fn no_step_spends_more_than_the_budget() {
    let mut rng = SimRng::for_stream(2026, 1);
    for case in 0..40 {
        let p = random_params(&mut rng);
        let r = run(&p, case);
        for t in 0..r.len() {
            let max = r.step_kl_max_bits[t];
            assert!(max <= p.budget_bits + 1e-9, "{p:?} t = {t}: {max}");
        }
        assert_eq!(r.step_kl_max_bits[0], 0.0);
    }
    // And a step that can spend the budget spends all of it: the first binary step.
    let p = BudgetParams::default();
    let r = run(&p, 1);
    assert!((r.step_kl_bits.mid[1] - p.budget_bits).abs() < 1e-9);
    // The step size is the largest within the budget, or B_MAX when nothing more can be spent.
    assert_eq!(
        budgeted_step(&[0.0, 0.0, 1.0], &[0.0, 0.5, 1.0], 0.05),
        B_MAX
    );
}

#[test]
fn coin_flip_verifier_learns_nothing_in_expectation() {
    for c in [1.0, 0.0] {
        let p = BudgetParams {
            coarseness: c,
            verifier_strength: 0.0,
            n_forms: 4,
            n_steps: 60,
            n_replicates: 300,
            ..BudgetParams::default()
        };
        let r = run(&p, 7);
        summary(&format!("s=0 c={c}"), &r);
        let chance = 1.0 / p.n_classes as f64;
        assert!((r.accuracy.mid[0] - chance).abs() < 1e-12);
        for t in 1..r.len() {
            let z = (r.accuracy.mid[t] - chance).abs() / std_error(&r.accuracy, t);
            assert!(
                z < 4.0,
                "c = {c}, t = {t}: accuracy {} ({z} se from 1/K)",
                r.accuracy.mid[t]
            );
        }
        // The budget is still spent, on noise: the bits go almost all to no task.
        assert!(last(&r.total_bits.mid) > 1.0);
        assert!(last(&r.efficiency.mid) < 0.3);
    }
}

#[test]
fn a_noisier_verifier_needs_more_steps_and_spends_bits_on_the_form() {
    let mut previous = 0;
    for s in [1.0, 0.9, 0.6, 0.3] {
        let p = BudgetParams {
            verifier_strength: s,
            ..BudgetParams::default()
        };
        let r = run(&p, 3);
        summary(&format!("c=1 s={s}"), &r);
        let steps = r.steps_to(0.9).unwrap_or(usize::MAX);
        assert!(
            steps > previous || s == 1.0,
            "s = {s}: {steps} <= {previous}"
        );
        if s < 1.0 {
            // The verifier errs per output, so its noise moves mass among the correct forms.
            assert!(last(&r.within_bits.mid) > 0.1, "s = {s}");
            assert!(last(&r.form_entropy_bits.mid) < p.full_diversity_bits() - 0.1);
        }
        previous = steps;
    }
}

// ---------------------------------------------------------------------------------------------
// Contracts: slicing, corners, determinism, parameters.

#[test]
fn slicing_does_not_change_the_run() {
    let p = BudgetParams {
        coarseness: 0.4,
        verifier_strength: 0.7,
        n_steps: 25,
        n_replicates: 6,
        ..BudgetParams::default()
    };
    for engine in Engine::ALL {
        let whole = <BudgetSim as Simulation>::run(&p, 11, engine);
        for slice in [1, 3, 24, 25, 26, 1000] {
            let mut sim = Blocked::<BudgetSim>::new(&p, 11, engine);
            let mut calls = 0;
            while !sim.advance(slice) {
                calls += 1;
                let (done, total) = sim.progress();
                assert!(done <= total);
                // Partial curves (the page shows them while it works) are whole and finite.
                let partial = sim.finish();
                for (name, curve) in partial.curves() {
                    assert_eq!(curve.len(), 26, "{name}");
                    assert!(curve.iter().all(|v| v.is_finite()), "{name}");
                }
            }
            assert_eq!(sim.progress(), (6 * 25, 6 * 25));
            assert_eq!(
                sim.finish(),
                whole,
                "{engine:?}: slice {slice} ({calls} calls)"
            );
        }
    }
}

#[test]
fn every_corner_gives_finite_curves() {
    let mut n = 0;
    for c in [0.0, 1.0] {
        for vr in [false, true] {
            for s in [0.0, 1.0] {
                for kl in [0.001, 1.0] {
                    for (m, k) in [(1, 2), (256, 2), (1, 64), (256, 64)] {
                        let p = BudgetParams {
                            coarseness: c,
                            varied_references: vr,
                            verifier_strength: s,
                            budget_bits: kl,
                            n_forms: m,
                            n_classes: k,
                            n_steps: if m * k > 1000 { 12 } else { 40 },
                            n_replicates: 2,
                        };
                        check_sane(&p, &run(&p, 5));
                        n += 1;
                    }
                }
            }
        }
    }
    // Long horizons: the saturated steps at B_MAX push log-weights far down, the run stays
    // finite.
    for (s, c) in [(1.0, 1.0), (1.0, 0.0), (0.5, 0.5), (0.0, 1.0)] {
        let p = BudgetParams {
            coarseness: c,
            verifier_strength: s,
            budget_bits: 1.0,
            n_forms: 3,
            n_classes: 2,
            n_steps: 1000,
            n_replicates: 1,
            ..BudgetParams::default()
        };
        check_sane(&p, &run(&p, 5));
        n += 1;
    }
    assert_eq!(n, 68);
}

fn check_sane(p: &BudgetParams, r: &BudgetRun) {
    assert_eq!(r.len(), p.n_steps + 1);
    for (name, curve) in r.curves() {
        assert_eq!(curve.len(), p.n_steps + 1, "{name}");
        assert!(
            curve.iter().all(|v| v.is_finite()),
            "{p:?}: {name} {curve:?}"
        );
    }
    let full = p.full_diversity_bits();
    for t in 0..r.len() {
        assert!(
            (0.0..=1.0 + 1e-12).contains(&r.accuracy.mid[t]),
            "{p:?} t = {t}"
        );
        assert!((0.0..=1.0).contains(&r.efficiency.mid[t]), "{p:?} t = {t}");
        assert!(r.form_entropy_bits.mid[t] <= full + 1e-9, "{p:?} t = {t}");
        assert!((0.0..=1.0).contains(&r.reached_90[t]), "{p:?} t = {t}");
    }
}

#[test]
fn runs_are_deterministic_in_params_and_seed() {
    let p = BudgetParams {
        coarseness: 0.2,
        verifier_strength: 0.5,
        n_steps: 30,
        n_replicates: 5,
        ..BudgetParams::default()
    };
    let a = run(&p, 42);
    let b = run(&p, 42);
    assert_eq!(a, b);
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert_ne!(a.fingerprint(), run(&p, 43).fingerprint());
    // A run whose only randomness is the verifier's: s = 1 with a fixed reference is the same
    // for every seed.
    let exact = with(0.3, false, 8);
    assert_eq!(run(&exact, 1).fingerprint(), run(&exact, 2).fingerprint());
}

#[test]
fn params_round_trip_through_their_specs() {
    let d = BudgetParams::default();
    for spec in BudgetParams::specs() {
        assert_eq!(d.get(spec.key), Some(spec.default), "{}", spec.key);
        assert!(
            spec.min <= spec.default && spec.default <= spec.max,
            "{}",
            spec.key
        );
        let mut p = d.clone();
        p.set(spec.key, spec.max + 1.0);
        assert_eq!(p.get(spec.key), Some(spec.max), "{}", spec.key);
        p.set(spec.key, spec.min - 1.0);
        assert_eq!(p.get(spec.key), Some(spec.min), "{}", spec.key);
        if spec.kind == ParamKind::Integer {
            p.set(spec.key, spec.min + 1.4);
            assert_eq!(p.get(spec.key), Some(spec.min + 1.0), "{}", spec.key);
        }
    }
    let keys: Vec<&str> = BudgetParams::specs().iter().map(|s| s.key).collect();
    assert_eq!(keys, ["c", "vr", "s", "m", "k", "kl", "t", "r"]);
    assert_eq!(d.get("nope"), None);
    assert_eq!((d.coarseness, d.n_forms, d.n_classes), (1.0, 16, 4));
}
