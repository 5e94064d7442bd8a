//! Chart (b): mean accuracy `E[p_t(X)]` with its 95% band and greedy accuracy
//! `P(argmax p_t = X)`, against the real data's accuracy `q` and chance `1/V`.

use super::{band, css, frame, hline, line, num, ChartStyle, Dash, DrawResult, LegendItem};
use super::{ORANGE, PURPLE};
use infoloop_core::scenarios::loop_cat::LoopRun;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Legend entries, in drawing order.
pub fn legend(_run: &LoopRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "mean accuracy E[pₜ(X)]".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "greedy accuracy".into(),
            color: css(ORANGE),
            dash: Dash::Dashed,
            band: false,
        },
        LegendItem {
            label: "real data q".into(),
            color: css(PURPLE),
            dash: Dash::Dotted,
            band: false,
        },
        LegendItem {
            label: "chance 1/V".into(),
            color: css(style.reference()),
            dash: Dash::Dotted,
            band: false,
        },
    ]
}

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &LoopRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n_gens = run.params.n_generations;
    let mut chart = frame(root, style, n_gens, 0.0..1.04, "accuracy")?;
    hline(
        &mut chart,
        style,
        n_gens,
        1.0 / run.params.n_answers as f64,
        style.reference(),
        Dash::Dotted,
    )?;
    hline(
        &mut chart,
        style,
        n_gens,
        run.params.real_accuracy,
        PURPLE,
        Dash::Dotted,
    )?;
    band(
        &mut chart,
        style,
        &run.mean_accuracy.lo,
        &run.mean_accuracy.hi,
        style.primary(),
    )?;
    line(
        &mut chart,
        style,
        &run.greedy_accuracy,
        ORANGE,
        Dash::Dashed,
    )?;
    line(
        &mut chart,
        style,
        &run.mean_accuracy.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// "Mean accuracy went from 0.35 to 0.32; greedy accuracy from 0.73 to 0.33."
pub fn caption(run: &LoopRun) -> String {
    let (m, g) = (&run.mean_accuracy.mid, &run.greedy_accuracy);
    let (Some(m0), Some(m1), Some(g0), Some(g1)) = (m.first(), m.last(), g.first(), g.last())
    else {
        return String::new();
    };
    let reach = m.iter().position(|&a| a >= 0.9);
    let reach = match reach {
        Some(i) => format!(
            " It first reaches 0.9 at generation {}.",
            run.generations.get(i).copied().unwrap_or(i)
        ),
        None => String::new(),
    };
    format!(
        "Mean accuracy went from {} to {}, greedy accuracy from {} to {}.{reach}",
        num(*m0),
        num(*m1),
        num(*g0),
        num(*g1)
    )
}
