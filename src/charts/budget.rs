//! Scenario C's charts (supervision under a fixed information budget), four in one file, each
//! with its `legend_*`, `draw_*` and `caption_*`:
//!
//! - `_accuracy`: accuracy `P_t(correct class)` with its 95% band, the 0.9 target and chance
//!   `1/K`;
//! - `_bits`: bits spent `KL(p_t || p_0)` and its exact chain-rule split into task-relevant and
//!   within-class bits, under `log2 K` (all the task needs);
//! - `_diversity`: within-class entropy `H(form | correct)` with its band under full diversity
//!   `log2 M`;
//! - `_efficiency`: `eta`, the task-relevant share of the bits spent, on [0, 1].
//!
//! Efficiency gets its own chart rather than a second axis or a rescaling on the diversity
//! chart: it is a share on [0, 1] while diversity is in bits up to `log2 M` (0 to 8), and a
//! rescaled curve would put two units on one axis.

use super::{
    band, css, frame_with_x, hline, line, num, y_range, ChartStyle, Dash, DrawResult, LegendItem,
};
use super::{GREEN, ORANGE, PURPLE, VERMILLION};
use infoloop_core::scenarios::budget::{BudgetRun, TARGET_ACCURACY};
use plotters::coord::Shift;
use plotters::prelude::*;

fn n_steps(run: &BudgetRun) -> usize {
    run.len().saturating_sub(1)
}

fn last(v: &[f64]) -> f64 {
    v.last().copied().unwrap_or(f64::NAN)
}

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

// ---------------------------------------------------------------------------------------------
// Accuracy.

/// Legend of the accuracy chart, in drawing order.
pub fn legend_accuracy(_run: &BudgetRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "accuracy Pₜ(correct class)".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "target 0.9".into(),
            color: css(PURPLE),
            dash: Dash::Dashed,
            band: false,
        },
        LegendItem {
            label: "chance 1/K".into(),
            color: css(style.reference()),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the accuracy chart.
pub fn draw_accuracy<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &BudgetRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n = n_steps(run);
    let mut chart = frame_with_x(root, style, n, 0.0..1.04, "accuracy", "step t")?;
    hline(
        &mut chart,
        style,
        n,
        1.0 / run.params.n_classes as f64,
        style.reference(),
        Dash::Dotted,
    )?;
    hline(&mut chart, style, n, TARGET_ACCURACY, PURPLE, Dash::Dashed)?;
    band(
        &mut chart,
        style,
        &run.accuracy.lo,
        &run.accuracy.hi,
        style.primary(),
    )?;
    line(
        &mut chart,
        style,
        &run.accuracy.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// "The binary signal (c = 1) reaches 90% accuracy at step 6 (median replicate: step 6)…"
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

// ---------------------------------------------------------------------------------------------
// Bits spent.

/// Legend of the bits chart (the total is drawn first, the task-relevant part last).
pub fn legend_bits(_run: &BudgetRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "bits spent KL(pₜ ‖ p₀)".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "task-relevant d(Pₜ(C) ‖ P₀(C))".into(),
            color: css(GREEN),
            dash: Dash::Dashed,
            band: false,
        },
        LegendItem {
            label: "within-class (surface form)".into(),
            color: css(VERMILLION),
            dash: Dash::Dotted,
            band: false,
        },
        LegendItem {
            label: "log₂ K, all the task needs".into(),
            color: css(style.reference()),
            dash: Dash::Dashed,
            band: false,
        },
    ]
}

/// Draws the bits chart.
pub fn draw_bits<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &BudgetRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n = n_steps(run);
    let task_max = run.params.task_bits_max();
    let y = y_range(
        run.total_bits
            .hi
            .iter()
            .chain(&run.within_bits.mid)
            .copied(),
        0.0,
        task_max * 1.04,
    );
    let mut chart = frame_with_x(root, style, n, y, "bits", "step t")?;
    hline(
        &mut chart,
        style,
        n,
        task_max,
        style.reference(),
        Dash::Dashed,
    )?;
    band(
        &mut chart,
        style,
        &run.total_bits.lo,
        &run.total_bits.hi,
        style.primary(),
    )?;
    // The total first, so that where the task-relevant part equals it (c = 1) its dashes show
    // on top of the solid line.
    line(
        &mut chart,
        style,
        &run.total_bits.mid,
        style.primary(),
        Dash::Solid,
    )?;
    line(
        &mut chart,
        style,
        &run.within_bits.mid,
        VERMILLION,
        Dash::Dotted,
    )?;
    line(&mut chart, style, &run.task_bits.mid, GREEN, Dash::Dashed)?;
    Ok(())
}

/// "After 80 steps the model has spent 6.00 bits: 2.00 on the task … and 4.00 on surface form."
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

// ---------------------------------------------------------------------------------------------
// Diversity.

/// Legend of the diversity chart, in drawing order.
pub fn legend_diversity(_run: &BudgetRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "diversity H(form | correct)".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "log₂ M, every correct form alike".into(),
            color: css(style.reference()),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the diversity chart.
pub fn draw_diversity<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &BudgetRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n = n_steps(run);
    let full = run.params.full_diversity_bits();
    let y = y_range(run.form_entropy_bits.hi.iter().copied(), 0.0, full * 1.04);
    let mut chart = frame_with_x(root, style, n, y, "bits", "step t")?;
    hline(&mut chart, style, n, full, style.reference(), Dash::Dotted)?;
    band(
        &mut chart,
        style,
        &run.form_entropy_bits.lo,
        &run.form_entropy_bits.hi,
        style.primary(),
    )?;
    line(
        &mut chart,
        style,
        &run.form_entropy_bits.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// "Diversity among the correct answers went from 4.00 to 4.00 bits (full: log₂ M = 4.00)."
pub fn caption_diversity(run: &BudgetRun) -> String {
    if run.is_empty() {
        return String::new();
    }
    let h = &run.form_entropy_bits.mid;
    format!(
        "Diversity among the correct answers, H(form | correct), went from {} to {} bits in {} \
         steps; log₂ M = {} bits means all M = {} acceptable forms stay equally likely.",
        num(h[0]),
        num(last(h)),
        n_steps(run),
        num(run.params.full_diversity_bits()),
        run.params.n_forms,
    )
}

// ---------------------------------------------------------------------------------------------
// Efficiency.

/// Legend of the efficiency chart, in drawing order.
pub fn legend_efficiency(_run: &BudgetRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "efficiency η = task-relevant / total".into(),
            color: css(ORANGE),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "η = 1, every bit on the task".into(),
            color: css(style.reference()),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the efficiency chart from step 1: at step 0 nothing has been spent and `eta = 0/0`
/// (1 by definition in the run), which would draw a spurious spike.
pub fn draw_efficiency<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &BudgetRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n = n_steps(run);
    let from_step_1 = |v: &[f64]| -> Vec<f64> {
        let mut out = v.to_vec();
        if let Some(first) = out.first_mut() {
            *first = f64::NAN;
        }
        out
    };
    let mut chart = frame_with_x(root, style, n, 0.0..1.04, "efficiency η", "step t")?;
    hline(&mut chart, style, n, 1.0, style.reference(), Dash::Dotted)?;
    band(
        &mut chart,
        style,
        &from_step_1(&run.efficiency.lo),
        &from_step_1(&run.efficiency.hi),
        ORANGE,
    )?;
    line(
        &mut chart,
        style,
        &from_step_1(&run.efficiency.mid),
        ORANGE,
        Dash::Solid,
    )?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use infoloop_core::scenarios::budget::{run, BudgetParams};

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
    fn legends_give_each_series_a_distinct_colour_and_pattern() {
        let r = run(
            &BudgetParams {
                n_steps: 3,
                n_replicates: 1,
                ..BudgetParams::default()
            },
            1,
        );
        let style = ChartStyle::new(1.0, false);
        for items in [
            legend_accuracy(&r, &style),
            legend_bits(&r, &style),
            legend_diversity(&r, &style),
            legend_efficiency(&r, &style),
        ] {
            for (i, a) in items.iter().enumerate() {
                for b in &items[i + 1..] {
                    assert!(a.color != b.color || a.dash != b.dash, "{a:?} {b:?}");
                    assert_ne!(a.color, b.color, "{a:?} {b:?}");
                }
            }
        }
    }
}
