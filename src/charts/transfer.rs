//! Scenario D's charts (transfer: coarse signals generalize), two in this file:
//! - `_generalization`: in-domain (A) and out-of-domain (B) accuracy with their 95% bands, against
//!   the solver's accuracy `c_g` (the same in every domain) and the template's out-of-domain
//!   accuracy `c_AB`;
//! - `_policy`: the policy's solver probability `pi_g` with its band, the share of replicates on
//!   the solver and the noise-free prediction of `pi_g`; its caption states the closed-form
//!   threshold `c*`, which behaviour should win at the run's coarseness, and the efficiency `eta`.

use super::{band, css, frame, hline, line, num, ChartStyle, Dash, DrawResult, LegendItem};
use super::{GREEN, ORANGE, VERMILLION};
use infoloop_core::scenarios::transfer::{Threshold, TransferRun};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Legend entries of the generalization chart, in drawing order.
pub fn legend_generalization(_run: &TransferRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "in-domain accuracy (A, trained)".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "out-of-domain accuracy (B, new)".into(),
            color: css(ORANGE),
            dash: Dash::Dashed,
            band: true,
        },
        LegendItem {
            label: "solver c_g, any domain".into(),
            color: css(GREEN),
            dash: Dash::Dotted,
            band: false,
        },
        LegendItem {
            label: "template in B, c_AB".into(),
            color: css(VERMILLION),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the generalization chart.
pub fn draw_generalization<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &TransferRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n_gens = run.len().saturating_sub(1);
    let mut chart = frame(root, style, n_gens, 0.0..1.04, "accuracy")?;
    let p = &run.params;
    hline(
        &mut chart,
        style,
        n_gens,
        p.solver_accuracy,
        GREEN,
        Dash::Dotted,
    )?;
    hline(
        &mut chart,
        style,
        n_gens,
        p.template_transfer_accuracy,
        VERMILLION,
        Dash::Dotted,
    )?;
    band(
        &mut chart,
        style,
        &run.accuracy_out_of_domain.lo,
        &run.accuracy_out_of_domain.hi,
        ORANGE,
    )?;
    band(
        &mut chart,
        style,
        &run.accuracy_in_domain.lo,
        &run.accuracy_in_domain.hi,
        style.primary(),
    )?;
    line(
        &mut chart,
        style,
        &run.accuracy_out_of_domain.mid,
        ORANGE,
        Dash::Dashed,
    )?;
    line(
        &mut chart,
        style,
        &run.accuracy_in_domain.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// "Trained on domain A with c = 1.00 (M = 4, s = 1.00): in-domain accuracy went from 0.53 to
/// 0.60 and out-of-domain accuracy from 0.33 to 0.59 in 200 generations; ..."
pub fn caption_generalization(run: &TransferRun) -> String {
    let (a, b) = (&run.accuracy_in_domain.mid, &run.accuracy_out_of_domain.mid);
    let (Some(a0), Some(a1), Some(b0), Some(b1)) = (a.first(), a.last(), b.first(), b.last())
    else {
        return String::new();
    };
    let p = &run.params;
    format!(
        "Trained on domain A with coarseness c = {} (M = {} forms, verifier strength s = {}): \
         in-domain accuracy went from {} to {} and out-of-domain accuracy from {} to {} in {} \
         generations. The solver scores c_g = {} in every domain; the template scores c_A = {} \
         in A but only c_AB = {} in B, so out-of-domain accuracy shows which behaviour was \
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

/// Legend entries of the policy chart, in drawing order.
pub fn legend_policy(_run: &TransferRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "solver probability π_g".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "share of runs on the solver (π_g > ½)".into(),
            color: css(ORANGE),
            dash: Dash::Dashed,
            band: false,
        },
        LegendItem {
            label: "noise-free prediction (expected step)".into(),
            color: css(style.reference()),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the policy chart.
pub fn draw_policy<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &TransferRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n_gens = run.len().saturating_sub(1);
    let mut chart = frame(root, style, n_gens, 0.0..1.04, "probability / share")?;
    line(
        &mut chart,
        style,
        &run.pi_solver_noise_free,
        style.reference(),
        Dash::Dotted,
    )?;
    line(&mut chart, style, &run.solver_share, ORANGE, Dash::Dashed)?;
    band(
        &mut chart,
        style,
        &run.pi_solver.lo,
        &run.pi_solver.hi,
        style.primary(),
    )?;
    line(
        &mut chart,
        style,
        &run.pi_solver.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// The closed-form threshold and the expected winner at the run's `c`, then what the run did.
pub fn caption_policy(run: &TransferRun) -> String {
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
            "Closed form: the template's reward R_τ = c_A = {} beats the solver's \
             R_g = c_g (c + (1 − c)/M) iff c < c* = {}.",
            num(r_t),
            num(c_star)
        ),
        Threshold::Always => format!(
            "Closed form: the template's reward R_τ = c_A = {} beats the solver's \
             R_g = c_g (c + (1 − c)/M) at every coarseness (R_g is at most c_g = {}).",
            num(r_t),
            num(p.solver_accuracy)
        ),
        Threshold::Never => format!(
            "Closed form: the template's reward R_τ = c_A = {} never beats the solver's \
             R_g = c_g (c + (1 − c)/M) (at least {} with M = {}), so the solver wins at every \
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
             π_g = {} at the end)",
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
        "{rule} Here c = {}: R_g = {} vs R_τ = {}, so {winner}{signal}. π_g went from {} to {} \
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

#[cfg(test)]
mod tests {
    use super::*;
    use infoloop_core::scenarios::transfer::{run, TransferParams};

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
        let coarse = caption_policy(&small(1.0, 1.0, 4));
        assert!(coarse.contains("c* = 0.67"), "{coarse}");
        assert!(coarse.contains("the solver should win"), "{coarse}");
        let fine = caption_policy(&small(0.0, 1.0, 4));
        assert!(fine.contains("the template should win"), "{fine}");
        let coin = caption_policy(&small(0.0, 0.0, 4));
        assert!(coin.contains("nothing is learned"), "{coin}");
        let one = caption_policy(&small(0.0, 1.0, 1));
        assert!(one.contains("never beats"), "{one}");
        let gen = caption_generalization(&small(1.0, 1.0, 4));
        assert!(
            gen.contains("c_AB = 0.05") && gen.contains("20 generations"),
            "{gen}"
        );
        assert!(
            gen.contains("c* = 0.67: at c = 1.00 the solver earns more reward"),
            "{gen}"
        );
        let rubric = caption_generalization(&small(0.5, 1.0, 4));
        assert!(
            rubric.contains("at c = 0.50 the template earns more"),
            "{rubric}"
        );
    }

    #[test]
    fn charts_draw_into_svg() {
        let r = small(0.3, 0.5, 8);
        let style = ChartStyle::new(1.0, false);
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            assert!(draw_generalization(&root, &r, &style).is_ok());
        }
        assert!(svg.contains("<svg"));
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            assert!(draw_policy(&root, &r, &style).is_ok());
        }
        assert!(svg.contains("<svg"));
        assert_eq!(legend_generalization(&r, &style).len(), 4);
        assert_eq!(legend_policy(&r, &style).len(), 3);
    }
}
