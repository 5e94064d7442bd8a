//! Scenario D's charts, declared: accuracy in and out of the training domain (what transfers),
//! and which behaviour the policy learns; with the captions (the closed-form threshold `c*`,
//! the winner at the run's coarseness, the efficiency `eta`) and the live readouts.

use super::{Threshold, TransferRun};
use crate::scenario::chart::{Chart, Color, Dash, Series, YAxis};
use crate::scenario::format::{num, value_at};
use crate::scenario::Readout;

/// Probabilities and accuracies: the axis runs from 0 to just above 1.
fn one(_: &TransferRun) -> f64 {
    1.0
}

fn solver_accuracy(run: &TransferRun) -> f64 {
    run.params.solver_accuracy
}

fn template_transfer_accuracy(run: &TransferRun) -> f64 {
    run.params.template_transfer_accuracy
}

/// The charts, top to bottom.
pub const CHARTS: &[Chart<TransferRun>] = &[
    Chart {
        key: "transfer-generalization",
        title: "Generalization: accuracy in and out of domain",
        y_label: "accuracy",
        unit: "",
        y: YAxis::UpTo(one),
        series: &[
            // Out-of-domain accuracy first: it is the main series (hover, pinned ghost), as the
            // generalization test.
            Series::band(
                "accuracy_out_of_domain",
                "out-of-domain accuracy (B, new)",
                Color::Orange,
            )
            .dash(Dash::Dashed),
            Series::band(
                "accuracy_in_domain",
                "in-domain accuracy (A, trained)",
                Color::Primary,
            ),
            Series::level(
                solver_accuracy,
                "solver c(solver), any domain",
                Color::Green,
                Dash::Dotted,
            ),
            Series::level(
                template_transfer_accuracy,
                "template in B, c(B)",
                Color::Vermillion,
                Dash::Dotted,
            ),
        ],
        caption: generalization_caption,
    },
    Chart {
        key: "transfer-policy",
        title: "Which behaviour the policy learns",
        y_label: "probability / share",
        unit: "",
        y: YAxis::UpTo(one),
        series: &[
            Series::band(
                "pi_solver",
                "π(solver), the weight on the solver",
                Color::Primary,
            ),
            Series::curve(
                "solver_share",
                "share of runs on the solver (π(solver) above ½)",
                Color::Orange,
                Dash::Dashed,
            ),
            Series::curve(
                "pi_solver_noise_free",
                "noise-free prediction (expected step)",
                Color::Reference,
                Dash::Dotted,
            ),
        ],
        caption: policy_caption,
    },
];

/// "Trained on domain A with coarseness c = 1.00 (M = 4 forms, verifier strength s = 1.00):
/// in-domain accuracy went from 0.53 to 0.60 and out-of-domain accuracy from 0.33 to 0.59 in 200
/// generations; ..."
pub fn generalization_caption(run: &TransferRun) -> String {
    let (a, b) = (&run.accuracy_in_domain.mid, &run.accuracy_out_of_domain.mid);
    let (Some(a0), Some(a1), Some(b0), Some(b1)) = (a.first(), a.last(), b.first(), b.last())
    else {
        return String::new();
    };
    let p = &run.params;
    format!(
        "Trained on domain A with coarseness c = {} (M = {} forms, verifier strength s = {}): \
         in-domain accuracy went from {} to {} and out-of-domain accuracy from {} to {} in {} \
         generations. The solver scores c(solver) = {} in every domain; the template scores c(A) = {} \
         in A but only c(B) = {} in B, so out-of-domain accuracy shows which behaviour was \
         learned.",
        num(p.coarseness),
        p.n_forms,
        num(p.verifier_strength),
        num(*a0),
        num(*a1),
        num(*b0),
        num(*b1),
        a.len() - 1,
        num(p.solver_accuracy),
        num(p.template_accuracy),
        num(p.template_transfer_accuracy),
    ) + &threshold_sentence(run)
}

/// Where the closed-form threshold c* puts this run's coarseness.
fn threshold_sentence(run: &TransferRun) -> String {
    let c = run.params.coarseness;
    let (winner, capitalized) = if run.threshold.template_wins_at(c) {
        ("the template", "The template")
    } else {
        ("the solver", "The solver")
    };
    match run.threshold.value() {
        Some(star) => format!(
            " The closed-form threshold is c* = {}: at c = {} {winner} earns more reward.",
            num(star),
            num(c)
        ),
        None => format!(" {capitalized} earns more reward at every c, this one included."),
    }
}

/// The closed-form threshold and the expected winner at the run's `c`, then what the run did.
pub fn policy_caption(run: &TransferRun) -> String {
    let pi = &run.pi_solver;
    let (Some(p0), Some(p1), Some(lo), Some(hi), Some(share)) = (
        pi.mid.first(),
        pi.mid.last(),
        pi.lo.last(),
        pi.hi.last(),
        run.solver_share.last(),
    ) else {
        return String::new();
    };
    let p = &run.params;
    let (r_g, r_t) = (p.reward_solver(), p.reward_template());
    let rule = match run.threshold {
        Threshold::Below(c_star) => format!(
            "Closed form: the template's reward R(template) = c(A) = {} beats the solver's \
             R(solver) = c(solver) (c + (1 − c)/M) iff c < c* = {}.",
            num(r_t),
            num(c_star)
        ),
        Threshold::Always => format!(
            "Closed form: the template's reward R(template) = c(A) = {} beats the solver's \
             R(solver) = c(solver) (c + (1 − c)/M) at every coarseness (R(solver) is at most c(solver) = {}).",
            num(r_t),
            num(p.solver_accuracy)
        ),
        Threshold::Never => format!(
            "Closed form: the template's reward R(template) = c(A) = {} never beats the solver's \
             R(solver) = c(solver) (c + (1 − c)/M) (at least {} with M = {}), so the solver wins at every \
             coarseness.",
            num(r_t),
            num(p.solver_accuracy / p.n_forms.max(1) as f64),
            p.n_forms
        ),
    };
    let winner = if r_g > r_t {
        "the solver should win"
    } else if r_t > r_g {
        "the template should win"
    } else {
        "the two tie and neither should win"
    };
    let predicted = run.pi_solver_noise_free.last().copied().unwrap_or(0.5);
    let signal = if p.verifier_strength <= 0.0 {
        " — but with s = 0 the verifier is a coin flip, so nothing is learned in expectation"
            .to_string()
    } else if r_g != r_t && (0.25..=0.75).contains(&predicted) {
        format!(
            ", though the gap is too small to settle in {} generations (noise-free prediction \
             π(solver) = {} at the end)",
            run.len().saturating_sub(1),
            num(predicted)
        )
    } else {
        String::new()
    };
    let eta = match (run.eta.mid.first(), run.eta.mid.last()) {
        (Some(e0), Some(e1)) => format!(
            " The efficiency η (the share of the reward's variance explained by correctness) \
             went from {} to {}.",
            num(*e0),
            num(*e1)
        ),
        _ => String::new(),
    };
    // Two decimals, or three when they would hide the gap between the rewards.
    let digits = if (r_g - r_t).abs() < 0.01 { 3 } else { 2 };
    let reward = |v: f64| format!("{v:.digits$}");
    format!(
        "{rule} Here c = {}: R(solver) = {} vs R(template) = {}, so {winner}{signal}. π(solver) went from {} to {} \
         (95% band {}–{}), and {:.0}% of runs ended on the solver.{eta}",
        num(p.coarseness),
        reward(r_g),
        reward(r_t),
        num(*p0),
        num(*p1),
        num(*lo),
        num(*hi),
        share * 100.0,
    )
}

/// Live numbers at point `step` (`None`: the last).
pub fn readouts(run: &TransferRun, step: Option<usize>) -> Vec<Readout> {
    let at = |v: &[f64]| num(value_at(v, step));
    let threshold = match run.threshold.value() {
        Some(c) => format!("c* = {}", num(c)),
        None if run.threshold.template_wins_at(run.params.coarseness) => {
            "template at every c".into()
        }
        None => "solver at every c".into(),
    };
    let expected = if run.threshold.template_wins_at(run.params.coarseness) {
        "the template"
    } else {
        "the general solver"
    };
    vec![
        (
            "out-of-domain accuracy",
            at(&run.accuracy_out_of_domain.mid),
        ),
        ("in-domain accuracy", at(&run.accuracy_in_domain.mid)),
        ("weight on the solver π(solver)", at(&run.pi_solver.mid)),
        ("closed-form threshold", threshold),
        ("should win at this c", expected.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenarios::transfer::{run, TransferParams};

    fn small(c: f64, s: f64, m: usize) -> TransferRun {
        run(
            &TransferParams {
                coarseness: c,
                verifier_strength: s,
                n_forms: m,
                n_generations: 20,
                n_replicates: 10,
                ..TransferParams::default()
            },
            1,
        )
    }

    #[test]
    fn captions_state_the_threshold_and_the_winner() {
        let coarse = policy_caption(&small(1.0, 1.0, 4));
        assert!(coarse.contains("c* = 0.67"), "{coarse}");
        assert!(coarse.contains("the solver should win"), "{coarse}");
        let fine = policy_caption(&small(0.0, 1.0, 4));
        assert!(fine.contains("the template should win"), "{fine}");
        let coin = policy_caption(&small(0.0, 0.0, 4));
        assert!(coin.contains("nothing is learned"), "{coin}");
        let one = policy_caption(&small(0.0, 1.0, 1));
        assert!(one.contains("never beats"), "{one}");
        let gen = generalization_caption(&small(1.0, 1.0, 4));
        assert!(
            gen.contains("c(B) = 0.05") && gen.contains("20 generations"),
            "{gen}"
        );
        assert!(
            gen.contains("c* = 0.67: at c = 1.00 the solver earns more reward"),
            "{gen}"
        );
        let rubric = generalization_caption(&small(0.5, 1.0, 4));
        assert!(
            rubric.contains("at c = 0.50 the template earns more"),
            "{rubric}"
        );
    }

    #[test]
    fn charts_resolve_with_their_series_on_a_zero_to_one_axis() {
        let r = small(0.3, 0.5, 8);
        let generalization = CHARTS[0].resolve(&r, "generation");
        assert_eq!(generalization.series.len(), 4);
        assert_eq!(
            generalization.main_values(),
            Some(&r.accuracy_out_of_domain.mid[..])
        );
        let policy = CHARTS[1].resolve(&r, "generation");
        assert_eq!(policy.series.len(), 3);
        assert_eq!(policy.main_values(), Some(&r.pi_solver.mid[..]));
        for chart in [&generalization, &policy] {
            // From 0 to just above 1, or wider where a band of few replicates leaves [0, 1].
            assert!(
                chart.y.0 <= 0.0 && chart.y.1 >= 1.0,
                "{}: {:?}",
                chart.key,
                chart.y
            );
            assert!(chart.series.iter().all(|s| s.off_scale.is_none()));
        }
        let keys: Vec<&str> = readouts(&r, None).iter().map(|(k, _)| *k).collect();
        assert_eq!(keys[0], "out-of-domain accuracy");
        assert_eq!(readouts(&r, Some(0))[2].1, "0.50");
    }
}
