//! Chart (c): entropy `H(p_t)` of the model with its 95% band (diversity; collapse drives it to
//! 0) and `KL(p* || p_t)` to the real distribution, both in bits.

use super::VERMILLION;
use super::{
    band, css, frame, hline, line, num, y_range, ChartStyle, Dash, DrawResult, LegendItem,
};
use infoloop_core::estimators::information::{entropy_bits, log2};
use infoloop_core::scenarios::loop_cat::LoopRun;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Legend entries, in drawing order.
pub fn legend(_run: &LoopRun, style: &ChartStyle) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "entropy H(pₜ)".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "KL(p* ‖ pₜ)".into(),
            color: css(VERMILLION),
            dash: Dash::Dashed,
            band: false,
        },
        LegendItem {
            label: "H(p*), the real data".into(),
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
    let max_bits = log2(run.params.n_answers as f64);
    let y = y_range(run.kl_bits.iter().copied(), 0.0, max_bits);
    let mut chart = frame(root, style, n_gens, y, "bits")?;
    let real = entropy_bits(&run.params.real_distribution(0));
    hline(
        &mut chart,
        style,
        n_gens,
        real,
        style.reference(),
        Dash::Dotted,
    )?;
    band(
        &mut chart,
        style,
        &run.entropy_bits.lo,
        &run.entropy_bits.hi,
        style.primary(),
    )?;
    line(&mut chart, style, &run.kl_bits, VERMILLION, Dash::Dashed)?;
    line(
        &mut chart,
        style,
        &run.entropy_bits.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// "Entropy went from 2.28 to 0.64 bits; KL to the real data from 1.25 to 5.59 bits."
pub fn caption(run: &LoopRun) -> String {
    let (h, kl) = (&run.entropy_bits.mid, &run.kl_bits);
    let (Some(h0), Some(h1), Some(k0), Some(k1)) = (h.first(), h.last(), kl.first(), kl.last())
    else {
        return String::new();
    };
    format!(
        "Entropy H(pₜ) went from {} to {} bits (the real data has {}); KL(p* ‖ pₜ) from {} to {} bits.",
        num(*h0),
        num(*h1),
        num(entropy_bits(&run.params.real_distribution(0))),
        num(*k0),
        num(*k1)
    )
}
