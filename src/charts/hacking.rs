//! Scenario E's charts (reward hacking: the simplest component wins), three in this file, over
//! policy-gradient steps:
//! - `_reward`: the proxy reward (under the judge in use) and the true accuracy with their 95%
//!   bands, against the level `rho` (what a policy that answers long and learns only source A
//!   can reach);
//! - `_sources`: accuracy on source A (correct answers long) and source B (correct answers short)
//!   with their bands, against chance `1/V`;
//! - `_length`: `P(long)` with its band, and per source.

use super::{band, css, frame_with_x, hline, line, num, ChartStyle, Dash, DrawResult, LegendItem};
use super::{GREEN, ORANGE, VERMILLION};
use infoloop_core::scenarios::hacking::HackingRun;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The x-axis description of every chart here.
const X_DESC: &str = "step t";

/// The y range of every chart here (probabilities and rewards), with headroom.
const Y_RANGE: std::ops::Range<f64> = 0.0..1.04;

/// The first step at which `v` has covered `frac` of its way from its first to its last value.
fn crossing(v: &[f64], frac: f64) -> Option<usize> {
    let (&a, &b) = (v.first()?, v.last()?);
    let target = a + frac * (b - a);
    v.iter()
        .position(|&x| if b >= a { x >= target } else { x <= target })
}

/// Legend entries of the reward chart, in drawing order.
pub fn legend_reward(run: &HackingRun, style: &ChartStyle) -> Vec<LegendItem> {
    let proxy = if run.params.judge_bias > 0.0 {
        format!("proxy reward (judge, b = {})", num(run.params.judge_bias))
    } else {
        "proxy reward (exact verifier)".to_string()
    };
    vec![
        LegendItem {
            label: proxy,
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "true accuracy".into(),
            color: css(ORANGE),
            dash: Dash::Dashed,
            band: true,
        },
        LegendItem {
            label: "ρ: long answers, source A learned".into(),
            color: css(style.reference()),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the reward chart. Does not present the drawing area (its owner does).
pub fn draw_reward<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &HackingRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n_steps = run.len().saturating_sub(1);
    let mut chart = frame_with_x(root, style, n_steps, Y_RANGE, "reward / accuracy", X_DESC)?;
    hline(
        &mut chart,
        style,
        n_steps,
        run.params.source_a_share,
        style.reference(),
        Dash::Dotted,
    )?;
    band(
        &mut chart,
        style,
        &run.accuracy.lo,
        &run.accuracy.hi,
        ORANGE,
    )?;
    band(
        &mut chart,
        style,
        &run.proxy_reward.lo,
        &run.proxy_reward.hi,
        style.primary(),
    )?;
    // The dashed accuracy on top: with the exact verifier (b = 0) the two curves coincide, and
    // the dashes over the solid line show it.
    line(
        &mut chart,
        style,
        &run.proxy_reward.mid,
        style.primary(),
        Dash::Solid,
    )?;
    line(&mut chart, style, &run.accuracy.mid, ORANGE, Dash::Dashed)?;
    Ok(())
}

/// "Proxy reward rose from 0.13 to 0.79 and true accuracy from 0.13 to 0.79 in 300 steps, ..."
pub fn caption_reward(run: &HackingRun) -> String {
    let (r, a) = (&run.proxy_reward.mid, &run.accuracy.mid);
    let (Some(r0), Some(r1), Some(a0), Some(a1)) = (r.first(), r.last(), a.first(), a.last())
    else {
        return String::new();
    };
    let p = &run.params;
    let rho = p.source_a_share;
    let moved = |x0: f64, x1: f64| if x1 >= x0 { "rose" } else { "fell" };
    let head = format!(
        "Proxy reward {} from {} to {} and true accuracy {} from {} to {} in {} steps.",
        moved(*r0, *r1),
        num(*r0),
        num(*r1),
        moved(*a0, *a1),
        num(*a0),
        num(*a1),
        r.len() - 1,
    );
    let judge = if p.judge_bias > 0.0 {
        format!(
            " The judge pays b = {} for any long answer, so the proxy reward exceeds the true \
             accuracy by {}: reward for length, not for answers (its plateau with every answer \
             long is ρ + b(1 − ρ) = {}).",
            num(p.judge_bias),
            num(r1 - a1),
            num(p.length_hack_reward()),
        )
    } else {
        String::new()
    };
    let level = format!(
        " With a share ρ = {} of the prompts from source A, a policy that answers every prompt \
         long and learns only source A scores ρ (dotted){}.",
        num(rho),
        if (a1 - rho).abs() < 0.05 && rho < 0.95 {
            format!(
                "; the true accuracy ended there ({}): source B was given up",
                num(*a1)
            )
        } else {
            String::new()
        }
    );
    format!("{head}{judge}{level}")
}

/// Legend entries of the per-source chart, in drawing order.
pub fn legend_sources(_run: &HackingRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "accuracy on source A (correct answer long)".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "accuracy on source B (correct answer short)".into(),
            color: css(VERMILLION),
            dash: Dash::Dashed,
            band: true,
        },
        LegendItem {
            label: "chance 1/V".into(),
            color: css(style.reference()),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the per-source chart. Does not present the drawing area (its owner does).
pub fn draw_sources<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &HackingRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n_steps = run.len().saturating_sub(1);
    let mut chart = frame_with_x(root, style, n_steps, Y_RANGE, "accuracy", X_DESC)?;
    hline(
        &mut chart,
        style,
        n_steps,
        run.params.chance(),
        style.reference(),
        Dash::Dotted,
    )?;
    band(
        &mut chart,
        style,
        &run.accuracy_b.lo,
        &run.accuracy_b.hi,
        VERMILLION,
    )?;
    band(
        &mut chart,
        style,
        &run.accuracy_a.lo,
        &run.accuracy_a.hi,
        style.primary(),
    )?;
    line(
        &mut chart,
        style,
        &run.accuracy_b.mid,
        VERMILLION,
        Dash::Dashed,
    )?;
    line(
        &mut chart,
        style,
        &run.accuracy_a.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// "Proxy reward rose to 0.79 while source-B accuracy fell to 0.00, below chance 0.13: ..."
pub fn caption_sources(run: &HackingRun) -> String {
    let (Some(r1), Some(acc_a), Some(b0), Some(b1)) = (
        run.proxy_reward.mid.last(),
        run.accuracy_a.mid.last(),
        run.accuracy_b.mid.first(),
        run.accuracy_b.mid.last(),
    ) else {
        return String::new();
    };
    let p = &run.params;
    let chance = p.chance();
    let chance_text = format!("1/{} = {:.3}", p.n_candidates, chance);
    let sharing = if p.n_knobs() == 1 {
        "one length knob shared by all prompts".to_string()
    } else if p.n_knobs() >= p.n_prompts {
        "a length knob per prompt".to_string()
    } else {
        format!(
            "{} length knobs, each shared by a mix of sources",
            p.n_knobs()
        )
    };
    let verdict = if *b1 < chance {
        format!(
            "Proxy reward rose to {} while source-B accuracy fell from {} to {}, below chance \
             {chance_text}: the policy learned length, not answers ({sharing}, ρ = {} of prompts \
             from source A).",
            num(*r1),
            num(*b0),
            num(*b1),
            num(p.source_a_share),
        )
    } else {
        format!(
            "Source-B accuracy went from {} to {}, not below chance {chance_text}: with {sharing} \
             and ρ = {} of prompts from source A, length did not override the answers.",
            num(*b0),
            num(*b1),
            num(p.source_a_share),
        )
    };
    format!("{verdict} Source-A accuracy ended at {}.", num(*acc_a))
}

/// Legend entries of the length chart, in drawing order.
pub fn legend_length(_run: &HackingRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "P(long), over the prompt mix".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "P(long | source A)".into(),
            color: css(GREEN),
            dash: Dash::Dashed,
            band: false,
        },
        LegendItem {
            label: "P(long | source B)".into(),
            color: css(VERMILLION),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the length chart. Does not present the drawing area (its owner does).
pub fn draw_length<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &HackingRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n_steps = run.len().saturating_sub(1);
    let mut chart = frame_with_x(root, style, n_steps, Y_RANGE, "P(long answer)", X_DESC)?;
    line(
        &mut chart,
        style,
        &run.p_long_b.mid,
        VERMILLION,
        Dash::Dotted,
    )?;
    line(&mut chart, style, &run.p_long_a.mid, GREEN, Dash::Dashed)?;
    band(
        &mut chart,
        style,
        &run.p_long.lo,
        &run.p_long.hi,
        style.primary(),
    )?;
    line(
        &mut chart,
        style,
        &run.p_long.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// "P(long) went from 0.50 to 1.00 (source A 1.00, source B 0.99). It covered 90% of its change
/// by step 19, source-A accuracy only by step 53: the shared knob is learned first."
pub fn caption_length(run: &HackingRun) -> String {
    let (Some(l0), Some(l1), Some(la), Some(lb)) = (
        run.p_long.mid.first(),
        run.p_long.mid.last(),
        run.p_long_a.mid.last(),
        run.p_long_b.mid.last(),
    ) else {
        return String::new();
    };
    let p = &run.params;
    let head = format!(
        "P(long) went from {} to {} (source A {}, source B {}).",
        num(*l0),
        num(*l1),
        num(*la),
        num(*lb),
    );
    let knobs = p.n_knobs();
    let why = if knobs == 1 {
        format!(
            "the one length knob is shared by all {} prompts and collects gradient from every \
             sample, while each prompt's own answer logits see only its own samples",
            p.n_prompts
        )
    } else if knobs < p.n_prompts {
        format!(
            "each of the {knobs} length knobs is shared by about {:.0} prompts of both sources \
             and collects gradient from all of them, while each prompt's own answer logits see \
             only its own samples",
            p.n_prompts as f64 / knobs as f64
        )
    } else {
        "each prompt has its own length knob, so length is learned per prompt and is no \
         shortcut across sources"
            .to_string()
    };
    let race = match (
        crossing(&run.p_long.mid, 0.9),
        crossing(&run.accuracy_a.mid, 0.9),
    ) {
        (Some(t_long), Some(t_acc)) if (l1 - l0).abs() > 0.1 => format!(
            " It covered 90% of its change by step {t_long}, source-A accuracy by step {t_acc}: \
             {why}."
        ),
        _ => String::new(),
    };
    format!("{head}{race}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use infoloop_core::scenarios::hacking::{run, HackingParams};

    fn small(rho: f64, b: f64, g: usize) -> HackingRun {
        run(
            &HackingParams {
                source_a_share: rho,
                judge_bias: b,
                n_groups: g,
                n_replicates: 4,
                ..HackingParams::default()
            },
            1,
        )
    }

    #[test]
    fn captions_carry_this_runs_numbers() {
        let hack = small(0.8, 0.0, 1);
        let s = caption_sources(&hack);
        assert!(
            s.contains("below chance 1/8 = 0.125") && s.contains("learned length, not answers"),
            "{s}"
        );
        let r = caption_reward(&hack);
        assert!(
            r.contains("300 steps") && r.contains("source B was given up"),
            "{r}"
        );
        let l = caption_length(&hack);
        assert!(l.contains("shared by all 32 prompts"), "{l}");
        let own = caption_length(&small(0.8, 0.0, 32));
        assert!(own.contains("its own length knob"), "{own}");
        let judged = caption_reward(&small(0.8, 0.3, 1));
        assert!(
            judged.contains("b = 0.30") && judged.contains("0.86"),
            "{judged}"
        );
        let fixed = caption_sources(&small(0.8, 0.0, 32));
        assert!(
            fixed.contains("not below chance") && fixed.contains("per prompt"),
            "{fixed}"
        );
    }

    #[test]
    fn charts_draw_into_svg() {
        let r = small(0.8, 0.3, 2);
        let style = ChartStyle::new(1.0, true);
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            assert!(draw_reward(&root, &r, &style).is_ok());
        }
        assert!(svg.contains("<svg"));
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            assert!(draw_sources(&root, &r, &style).is_ok());
        }
        assert!(svg.contains("<svg"));
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            assert!(draw_length(&root, &r, &style).is_ok());
        }
        assert!(svg.contains("<svg"));
        assert_eq!(legend_reward(&r, &style).len(), 3);
        assert_eq!(legend_sources(&r, &style).len(), 3);
        assert_eq!(legend_length(&r, &style).len(), 3);
        assert!(legend_reward(&r, &style)[0].label.contains("b = 0.30"));
    }
}
