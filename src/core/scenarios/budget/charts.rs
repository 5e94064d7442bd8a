//! Scenario C's charts, declared: accuracy under the budget, the bits spent split into
//! task-relevant and within-class parts, diversity among the correct answers, and efficiency η;
//! with the captions and live readouts that state this run's numbers.
//!
//! Efficiency gets its own chart rather than a second axis or a rescaling on the diversity
//! chart: it is a share on [0, 1] while diversity is in bits up to `log2 M` (0 to 8), and a
//! rescaled curve would put two units on one axis.

use super::{BudgetRun, TARGET_ACCURACY};
use crate::scenario::chart::{Chart, Color, Dash, Fit, Series, Source, Text, YAxis};
use crate::scenario::format::{num, value_at};
use crate::scenario::Readout;

fn n_steps(run: &BudgetRun) -> usize {
    run.len().saturating_sub(1)
}

fn last(v: &[f64]) -> f64 {
    v.last().copied().unwrap_or(f64::NAN)
}

/// The top of a share's axis (accuracy, efficiency).
fn one(_: &BudgetRun) -> f64 {
    1.0
}

fn target(_: &BudgetRun) -> f64 {
    TARGET_ACCURACY
}

fn chance(run: &BudgetRun) -> f64 {
    1.0 / run.params.n_classes as f64
}

fn task_bits_max(run: &BudgetRun) -> f64 {
    run.params.task_bits_max()
}

fn full_diversity(run: &BudgetRun) -> f64 {
    run.params.full_diversity_bits()
}

/// Efficiency from step 1: at step 0 nothing has been spent and `eta = 0/0` (1 by definition
/// in the run), which would draw a spurious spike from 1 down to the first step's value.
fn efficiency_from_step_1(run: &BudgetRun) -> Vec<f64> {
    let mut out = run.efficiency.mid.clone();
    if let Some(first) = out.first_mut() {
        *first = f64::NAN;
    }
    out
}

/// The charts, top to bottom.
pub const CHARTS: &[Chart<BudgetRun>] = &[
    Chart {
        key: "budget-accuracy",
        title: "Accuracy under a fixed budget per step",
        y_label: "accuracy",
        unit: "",
        y: YAxis::UpTo(one),
        series: &[
            Series::band("accuracy", "accuracy Pₜ(correct class)", Color::Primary),
            Series::level(target, "target 0.9", Color::Vermillion, Dash::Dashed),
            Series::level(chance, "chance 1/K", Color::Reference, Dash::Dotted),
        ],
        caption: caption_accuracy,
    },
    Chart {
        key: "budget-bits",
        title: "Bits spent: task-relevant vs surface form",
        y_label: "bits",
        unit: "bits",
        y: YAxis::UpTo(task_bits_max),
        series: &[
            Series::band("total_bits", "bits spent KL(pₜ ‖ p₀)", Color::Primary),
            Series::curve(
                "task_bits",
                "task-relevant d(Pₜ(C) ‖ P₀(C))",
                Color::Green,
                Dash::Dashed,
            ),
            Series::curve(
                "within_bits",
                "within-class (surface form)",
                Color::Vermillion,
                Dash::Dotted,
            ),
            Series::level(
                task_bits_max,
                "log₂ K, all the task needs",
                Color::Reference,
                Dash::Dashed,
            ),
        ],
        caption: caption_bits,
    },
    Chart {
        key: "budget-diversity",
        title: "Diversity among correct answers",
        y_label: "bits",
        unit: "bits",
        y: YAxis::UpTo(full_diversity),
        series: &[
            Series::band(
                "form_entropy_bits",
                "diversity H(form | correct)",
                Color::Primary,
            ),
            Series::level(
                full_diversity,
                "log₂ M, every correct form alike",
                Color::Reference,
                Dash::Dotted,
            ),
        ],
        caption: caption_diversity,
    },
    Chart {
        key: "budget-efficiency",
        title: "Efficiency η: the share of bits that matter",
        y_label: "efficiency η",
        unit: "",
        y: YAxis::UpTo(one),
        series: &[
            Series {
                source: Source::Derived(efficiency_from_step_1),
                label: Text::Fixed("efficiency η = task-relevant / total"),
                color: Color::Orange,
                dash: Dash::Solid,
                fit: Fit::Extend,
                when: None,
            },
            Series::level(
                one,
                "η = 1, every bit on the task",
                Color::Reference,
                Dash::Dotted,
            ),
        ],
        caption: caption_efficiency,
    },
];

/// "binary correctness (c = 1)", "exact match with a varied reference (c = 0)", or a rubric.
fn signal_name(run: &BudgetRun) -> String {
    let p = &run.params;
    let reference = if p.varied_references {
        "a reference drawn afresh each step"
    } else {
        "one fixed reference"
    };
    if p.coarseness >= 1.0 {
        "The binary signal (c = 1)".into()
    } else if p.coarseness <= 0.0 {
        format!("Exact match with {reference} (c = 0)")
    } else {
        format!(
            "The rubric c = {} (correctness plus exact match with {reference})",
            num(p.coarseness)
        )
    }
}

/// "The binary signal (c = 1) reaches 90% mean accuracy at step 6 (median replicate: step 6)…"
pub fn caption_accuracy(run: &BudgetRun) -> String {
    if run.is_empty() {
        return String::new();
    }
    let p = &run.params;
    let reach = match (run.steps_to(TARGET_ACCURACY), run.median_steps_to_90()) {
        (Some(t), Some(tm)) => {
            format!("reaches 90% mean accuracy at step {t} (median replicate: step {tm})")
        }
        (Some(t), None) => format!(
            "reaches 90% mean accuracy at step {t}, though at least half the replicates never do"
        ),
        (None, Some(tm)) => format!(
            "never reaches 90% mean accuracy in {} steps, though the median replicate does at \
             step {tm}",
            n_steps(run)
        ),
        (None, None) => format!("never reaches 90% accuracy in {} steps", n_steps(run)),
    };
    format!(
        "{} {reach}, spending {} bits per step on a verifier of strength s = {}; accuracy goes \
         from chance 1/K = {} to {} with K = {} classes of M = {} acceptable forms each.",
        signal_name(run),
        num(p.budget_bits),
        num(p.verifier_strength),
        num(run.accuracy.mid[0]),
        num(last(&run.accuracy.mid)),
        p.n_classes,
        p.n_forms,
    )
}

/// "After 80 steps the model has moved 2.00 bits away from its prior: 2.00 on the task … and
/// 0.00 on surface form."
pub fn caption_bits(run: &BudgetRun) -> String {
    if run.is_empty() {
        return String::new();
    }
    let p = &run.params;
    format!(
        "After {} steps the model has moved {} bits away from its prior (KL(pₜ ‖ p₀)): {} on \
         the task (of the log₂ K = {} it needs) and {} on surface form within the classes; the \
         chain rule splits the total exactly.",
        n_steps(run),
        num(last(&run.total_bits.mid)),
        num(last(&run.task_bits.mid)),
        num(p.task_bits_max()),
        num(last(&run.within_bits.mid)),
    )
}

/// What happened to the diversity among correct answers, said as the run shows it: kept at
/// log₂ M (every acceptable form equally likely), collapsed to one form, or eroded in between.
pub fn caption_diversity(run: &BudgetRun) -> String {
    if run.is_empty() {
        return String::new();
    }
    let h = &run.form_entropy_bits.mid;
    let (first, end) = (h[0], last(h));
    let full = run.params.full_diversity_bits();
    let m = run.params.n_forms;
    let what = if full <= 0.0 {
        "with M = 1 there is one form only, so there is no diversity to keep or lose".to_string()
    } else if end >= full - 0.05 {
        format!(
            "all M = {m} acceptable forms stay equally likely (log₂ M = {} bits)",
            num(full)
        )
    } else if end < 0.05 {
        format!(
            "the model collapsed onto a single form of the correct answer (keeping all M = {m} \
             equally likely would be log₂ M = {} bits)",
            num(full)
        )
    } else {
        format!(
            "eroded, not collapsed: {} of the log₂ M = {} bits that all M = {m} forms equally \
             likely would keep",
            num(end),
            num(full)
        )
    };
    format!(
        "Diversity among the correct answers, H(form | correct), went from {} to {} bits in {} \
         steps: {what}.",
        num(first),
        num(end),
        n_steps(run),
    )
}

/// "Efficiency η stays at 1.00: every bit spent went to the task." or "… ends at 0.33 (0.67
/// of the bits spent went to surface form) and is lowest, 0.08, at step 1."
pub fn caption_efficiency(run: &BudgetRun) -> String {
    let eta = run.efficiency.mid.get(1..).unwrap_or(&[]);
    if eta.is_empty() {
        return String::new();
    }
    let (t_min, eta_min) =
        eta.iter()
            .copied()
            .enumerate()
            .fold((0, f64::INFINITY), |best, (i, v)| {
                if v < best.1 {
                    (i + 1, v)
                } else {
                    best
                }
            });
    let end = last(eta);
    if eta_min >= 0.995 {
        return format!(
            "Efficiency η, the share of the bits spent that went to the task, stays at {} over \
             all {} steps: every bit spent went to the task.",
            num(eta_min),
            n_steps(run),
        );
    }
    format!(
        "Efficiency η, the share of the bits spent that went to the task, ends at {} ({} of \
         the bits spent went to surface form within the classes) and is lowest, {}, at step \
         {t_min}.",
        num(end),
        num((1.0 - end).max(0.0)),
        num(eta_min),
    )
}

/// Live numbers at point `step` (`None`: the last).
pub fn readouts(run: &BudgetRun, step: Option<usize>) -> Vec<Readout> {
    let at = |v: &[f64]| value_at(v, step);
    let bits = |v: &[f64]| format!("{} bits", num(at(v)));
    let steps = match run.steps_to(TARGET_ACCURACY) {
        Some(t) => format!("{t} steps"),
        None => "not reached".into(),
    };
    vec![
        ("steps to 90% accuracy", steps),
        ("accuracy", num(at(&run.accuracy.mid))),
        ("task-relevant bits", bits(&run.task_bits.mid)),
        ("surface-form bits", bits(&run.within_bits.mid)),
        ("efficiency η", num(at(&run.efficiency.mid))),
        (
            "diversity H(form | correct)",
            bits(&run.form_entropy_bits.mid),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenarios::budget::{run, BudgetParams};

    #[test]
    fn captions_quote_this_runs_numbers() {
        let r = run(&BudgetParams::default(), 1);
        let acc = caption_accuracy(&r);
        assert!(acc.contains("at step 6"), "{acc}");
        assert!(caption_bits(&r).contains("2.00 on the task"));
        assert!(caption_diversity(&r).contains("from 4.00 to 4.00"));
        assert!(caption_efficiency(&r).contains("stays at 1.00"));
        let fixed = BudgetParams {
            coarseness: 0.0,
            varied_references: false,
            ..BudgetParams::default()
        };
        let r = run(&fixed, 1);
        assert!(
            caption_bits(&r).contains("4.00 on surface form"),
            "{}",
            caption_bits(&r)
        );
        assert!(caption_accuracy(&r).starts_with("Exact match with one fixed reference"));
    }

    #[test]
    fn chart_keys_and_titles_are_the_old_ones_in_order() {
        let keys: Vec<(&str, &str)> = CHARTS.iter().map(|c| (c.key, c.title)).collect();
        assert_eq!(
            keys,
            [
                ("budget-accuracy", "Accuracy under a fixed budget per step"),
                ("budget-bits", "Bits spent: task-relevant vs surface form"),
                ("budget-diversity", "Diversity among correct answers"),
                (
                    "budget-efficiency",
                    "Efficiency η: the share of bits that matter"
                ),
            ]
        );
    }

    #[test]
    fn every_series_of_a_chart_has_its_own_colour() {
        for chart in CHARTS {
            for (i, a) in chart.series.iter().enumerate() {
                for b in &chart.series[i + 1..] {
                    assert_ne!(a.color, b.color, "{}", chart.key);
                }
            }
        }
    }

    #[test]
    fn efficiency_is_drawn_from_step_1_and_the_rest_from_the_run() {
        let r = run(
            &BudgetParams {
                coarseness: 0.0,
                n_steps: 10,
                n_replicates: 3,
                ..BudgetParams::default()
            },
            1,
        );
        let eff = CHARTS[3].resolve(&r, "step");
        let drawn = eff.main_values().expect("a curve");
        assert!(drawn[0].is_nan());
        assert_eq!(drawn[1..], r.efficiency.mid[1..]);
        let bits = CHARTS[1].resolve(&r, "step");
        assert_eq!(bits.main_values(), Some(&r.total_bits.mid[..]));
        assert!(bits.series.iter().all(|s| s.off_scale.is_none()));
    }
}
