//! Charts of scenario B, the Gaussian loop (one file, four charts; names suffixed by chart):
//!
//! - `_info`: task information `I(X; mu_t)` by KSG with its 95% band, the correlation estimate,
//!   the Gaussian closed form `1/2 log2(1 + tau^2 / V_t)` (dashed) and the ceilings (dotted): the
//!   verifier's `I(X; X + nu)` when it is the loop's only signal, the closed loop's long-run limit
//!   `1/2 log2(1 + tau^2 / sigma^2)` (one real sample's worth) otherwise;
//! - `_variance`: the mean fitted variance `E sigma_t^2` with its band, its closed form and the
//!   real data's `sigma^2`;
//! - `_error`: the squared error `E(mu_t - X)^2` with its band, its closed form `V_t` and the
//!   verifier's own error `omega^2`;
//! - `_entropy`: the fitted model's differential entropy `E[1/2 log2(2 pi e sigma_t^2)]` with its
//!   band and closed form, against the real data's.
//!
//! Closed forms describe the loop *without* a verifier. When one is active, the information chart
//! still draws its closed form, labelled as what the loop would do without the verifier (bits
//! compare across the two); the variance, error and entropy charts leave it out, since next to
//! the collapsed open-loop curves it would flatten them, and their captions give its numbers.

use super::{
    band, css, frame, hline, line, num, y_range, ChartStyle, Dash, DrawResult, LegendItem,
};
use super::{GREEN, ORANGE, PURPLE, VERMILLION};
use infoloop_core::scenarios::loop_gauss::GaussRun;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A ceiling is drawn only while it is at most this many times the highest curve (plus half a
/// bit); a far higher one (small `omega`) would squash the curves, and the caption gives it.
const CEILING_SPAN: f64 = 1.5;

fn n_gens(run: &GaussRun) -> usize {
    run.len().saturating_sub(1)
}

fn first_last(v: &[f64]) -> (f64, f64) {
    (
        v.first().copied().unwrap_or(f64::NAN),
        v.last().copied().unwrap_or(f64::NAN),
    )
}

/// A variance for captions: three significant figures, scientific below 0.01.
fn num_var(v: f64) -> String {
    if !v.is_finite() {
        "–".into()
    } else if v == 0.0 {
        "0".into()
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else if v.abs() >= 0.01 {
        format!("{v:.3}")
    } else {
        format!("{v:.1e}")
    }
}

/// The label of a closed-form curve: the run's own, or the loop's without its verifier.
fn closed_form_label(run: &GaussRun, what: &str) -> String {
    if run.params.verifier_active() {
        format!("{what} without verifier (closed form)")
    } else {
        format!("{what} (closed form)")
    }
}

/// A closed-form curve for the variance, error and entropy charts: only when it describes this
/// run (no active verifier); empty otherwise.
fn own_closed_form(run: &GaussRun, curve: &[f64]) -> Vec<f64> {
    if run.params.verifier_active() {
        Vec::new()
    } else {
        curve.to_vec()
    }
}

/// The closed loop's long-run limit, when it applies (no active verifier, no fresh data).
fn closed_limit_bits(run: &GaussRun) -> Option<f64> {
    let p = &run.params;
    (!p.verifier_active() && p.n_real_per_generation() == 0).then(|| p.closed_loop_limit_bits())
}

/// The verifier's ceiling if it exists and fits the chart next to the curves.
fn drawn_ceiling(run: &GaussRun, data_top: f64) -> Option<f64> {
    let c = *run.verifier_ceiling_bits.first()?;
    (c.is_finite() && c <= CEILING_SPAN * data_top + 0.5).then_some(c)
}

/// Highest finite value of the information curves.
fn info_top(run: &GaussRun) -> f64 {
    run.info_ksg_bits
        .hi
        .iter()
        .chain(&run.info_gauss_bits.mid)
        .chain(&run.closed_form_bits)
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

// ---------------------------------------------------------------------------------------------
// (1) Task information.

/// Legend of the information chart, in drawing order.
pub fn legend_info(run: &GaussRun, style: &ChartStyle) -> Vec<LegendItem> {
    let mut items = vec![
        LegendItem {
            label: "I(X; μₜ), KSG".into(),
            color: css(style.primary()),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: "Gaussian estimate −½log₂(1−ρ²)".into(),
            color: css(ORANGE),
            dash: Dash::Dotted,
            band: false,
        },
        LegendItem {
            label: closed_form_label(run, "½log₂(1+τ²/Vₜ)"),
            color: css(style.reference()),
            dash: Dash::Dashed,
            band: false,
        },
    ];
    if drawn_ceiling(run, info_top(run)).is_some() {
        items.push(LegendItem {
            label: "verifier's ceiling I(X; X+ν)".into(),
            color: css(GREEN),
            dash: Dash::Dotted,
            band: false,
        });
    }
    if closed_limit_bits(run).is_some() {
        items.push(LegendItem {
            label: "long-run limit: one real sample".into(),
            color: css(style.reference()),
            dash: Dash::Dotted,
            band: false,
        });
    }
    items
}

/// Draws the information chart.
pub fn draw_info<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &GaussRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n = n_gens(run);
    let top = info_top(run);
    let ceiling = drawn_ceiling(run, top);
    let y = y_range(ceiling, 0.0, top.max(0.5));
    let mut chart = frame(root, style, n, y, "bits")?;
    if let Some(limit) = closed_limit_bits(run) {
        hline(&mut chart, style, n, limit, style.reference(), Dash::Dotted)?;
    }
    if let Some(c) = ceiling {
        hline(&mut chart, style, n, c, GREEN, Dash::Dotted)?;
    }
    band(
        &mut chart,
        style,
        &run.info_ksg_bits.lo,
        &run.info_ksg_bits.hi,
        style.primary(),
    )?;
    line(
        &mut chart,
        style,
        &run.closed_form_bits,
        style.reference(),
        Dash::Dashed,
    )?;
    line(
        &mut chart,
        style,
        &run.info_gauss_bits.mid,
        ORANGE,
        Dash::Dotted,
    )?;
    line(
        &mut chart,
        style,
        &run.info_ksg_bits.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// A sentence with this run's numbers, e.g. "Closed loop: task information I(X; μₜ) fell from
/// 2.19 to 0.58 bits in 30 generations ...".
pub fn caption_info(run: &GaussRun) -> String {
    let p = &run.params;
    let (first, last) = first_last(&run.info_ksg_bits.mid);
    let (cf_first, cf_last) = first_last(&run.closed_form_bits);
    let gens = n_gens(run);
    let verb = if last < first { "fell" } else { "rose" };
    let head = format!(
        "task information I(X; μₜ) (KSG) {verb} from {} to {} bits in {gens} generations",
        num(first),
        num(last)
    );
    if p.verifier_active() && p.anchoring >= 1.0 {
        return format!(
            "Self-judge (κ = 1, information-closed): {head}; it sharpens the model but can never \
             exceed what generation 0 knew, I(X; Z₀) = {} bits.",
            num(p.dpi_ceiling_bits())
        );
    }
    if p.verifier_active() {
        let ceiling = match p.verifier_ceiling_bits() {
            Some(c) => format!(
                "the verifier sees X only through X+ν, so the loop can approach its ceiling \
                 I(X; X+ν) = {} bits and no more",
                num(c)
            ),
            None if p.n_real_per_generation() > 0 => {
                "fresh real data adds to what the verifier gives".to_string()
            }
            None => "the verifier knows X exactly (ω = 0): no ceiling below infinity".to_string(),
        };
        return format!(
            "Information-open loop (verifier s = {}, ω = {}): {head}; {ceiling}. Without the \
             verifier the closed form falls from {} to {} bits.",
            num(p.verifier_strength),
            num(p.verifier_error_sd),
            num(cf_first),
            num(cf_last)
        );
    }
    if p.n_real_per_generation() > 0 {
        return format!(
            "Information-open loop ({} fresh real samples per generation): {head}; the Gaussian \
             closed form gives {} → {} bits.",
            p.n_real_per_generation(),
            num(cf_first),
            num(cf_last)
        );
    }
    format!(
        "Closed loop: {head}. The closed form ½log₂(1+τ²/Vₜ) gives {} → {} bits; it treats the \
         noise μₜ−X as Gaussian, so it is a lower bound (the noise is a Gaussian scale mixture). \
         It never falls below ½log₂(1+τ²/σ²) = {} bits, one real sample's worth.",
        num(cf_first),
        num(cf_last),
        num(p.closed_loop_limit_bits())
    )
}

// ---------------------------------------------------------------------------------------------
// (2) Mean fitted variance.

/// Legend of the variance chart, in drawing order.
pub fn legend_variance(run: &GaussRun, style: &ChartStyle) -> Vec<LegendItem> {
    let mut items = vec![LegendItem {
        label: "mean fitted variance E σₜ²".into(),
        color: css(style.primary()),
        dash: Dash::Solid,
        band: true,
    }];
    if !run.params.verifier_active() {
        items.push(LegendItem {
            label: closed_form_label(run, "E σₜ²"),
            color: css(style.reference()),
            dash: Dash::Dashed,
            band: false,
        });
    }
    items.push(LegendItem {
        label: "σ², the real data's noise".into(),
        color: css(PURPLE),
        dash: Dash::Dotted,
        band: false,
    });
    items
}

/// Draws the variance chart.
pub fn draw_variance<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &GaussRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n = n_gens(run);
    let sigma2 = run.params.noise_sd * run.params.noise_sd;
    let closed = own_closed_form(run, &run.closed_form_variance);
    let values = run.mean_variance.hi.iter().chain(&closed).copied();
    let y = y_range(values, 0.0, sigma2);
    let mut chart = frame(root, style, n, y, "variance (units of X²)")?;
    hline(&mut chart, style, n, sigma2, PURPLE, Dash::Dotted)?;
    band(
        &mut chart,
        style,
        &run.mean_variance.lo,
        &run.mean_variance.hi,
        style.primary(),
    )?;
    line(&mut chart, style, &closed, style.reference(), Dash::Dashed)?;
    line(
        &mut chart,
        style,
        &run.mean_variance.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// A sentence with this run's numbers.
pub fn caption_variance(run: &GaussRun) -> String {
    let (first, last) = first_last(&run.mean_variance.mid);
    let (cf_first, cf_last) = first_last(&run.closed_form_variance);
    let (h_first, h_last) = first_last(&run.model_entropy_bits.mid);
    let which = if run.params.verifier_active() {
        "without the verifier"
    } else {
        "closed form"
    };
    format!(
        "Mean fitted variance E σₜ² went from {} to {} in {} generations ({which}: {} → {}; the \
         real data's σ² is {}). The typical model shrinks faster than the mean says: its entropy \
         E[½log₂(2πe σₜ²)] went from {} to {} bits.",
        num_var(first),
        num_var(last),
        n_gens(run),
        num_var(cf_first),
        num_var(cf_last),
        num_var(run.params.noise_sd * run.params.noise_sd),
        num(h_first),
        num(h_last)
    )
}

// ---------------------------------------------------------------------------------------------
// (3) Squared error of the fitted mean.

/// Legend of the error chart, in drawing order.
pub fn legend_error(run: &GaussRun, style: &ChartStyle) -> Vec<LegendItem> {
    let mut items = vec![LegendItem {
        label: "squared error E(μₜ−X)²".into(),
        color: css(VERMILLION),
        dash: Dash::Solid,
        band: true,
    }];
    if run.params.verifier_active() {
        items.push(LegendItem {
            label: "verifier's own error ω²".into(),
            color: css(GREEN),
            dash: Dash::Dotted,
            band: false,
        });
    } else {
        items.push(LegendItem {
            label: closed_form_label(run, "Vₜ"),
            color: css(style.reference()),
            dash: Dash::Dashed,
            band: false,
        });
    }
    if closed_limit_bits(run).is_some() {
        items.push(LegendItem {
            label: "long-run limit σ²".into(),
            color: css(PURPLE),
            dash: Dash::Dotted,
            band: false,
        });
    }
    items
}

/// Draws the error chart.
pub fn draw_error<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &GaussRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n = n_gens(run);
    let p = &run.params;
    let sigma2 = p.noise_sd * p.noise_sd;
    let omega2 = p.verifier_error_sd * p.verifier_error_sd;
    let limit = closed_limit_bits(run).map(|_| sigma2);
    let closed = own_closed_form(run, &run.closed_form_sq_error);
    let values = run.sq_error.hi.iter().chain(&closed).copied().chain(limit);
    let y = y_range(values, 0.0, 0.0);
    let mut chart = frame(root, style, n, y, "squared error (units of X²)")?;
    if let Some(l) = limit {
        hline(&mut chart, style, n, l, PURPLE, Dash::Dotted)?;
    }
    if p.verifier_active() {
        hline(&mut chart, style, n, omega2, GREEN, Dash::Dotted)?;
    }
    band(
        &mut chart,
        style,
        &run.sq_error.lo,
        &run.sq_error.hi,
        VERMILLION,
    )?;
    line(&mut chart, style, &closed, style.reference(), Dash::Dashed)?;
    line(
        &mut chart,
        style,
        &run.sq_error.mid,
        VERMILLION,
        Dash::Solid,
    )?;
    Ok(())
}

/// A sentence with this run's numbers.
pub fn caption_error(run: &GaussRun) -> String {
    let p = &run.params;
    let (first, last) = first_last(&run.sq_error.mid);
    let (cf_first, cf_last) = first_last(&run.closed_form_sq_error);
    let tail = if p.verifier_active() {
        format!(
            "the verifier's own error is ω² = {}; without it Vₜ would go from {} to {}",
            num_var(p.verifier_error_sd * p.verifier_error_sd),
            num_var(cf_first),
            num_var(cf_last)
        )
    } else {
        format!(
            "the closed form Vₜ goes from {} to {}",
            num_var(cf_first),
            num_var(cf_last)
        )
    };
    format!(
        "The fitted mean's squared error E(μₜ−X)² went from {} to {} in {} generations; {tail}.",
        num_var(first),
        num_var(last),
        n_gens(run)
    )
}

// ---------------------------------------------------------------------------------------------
// (4) Differential entropy of the fitted model.

/// Legend of the entropy chart, in drawing order.
pub fn legend_entropy(run: &GaussRun, style: &ChartStyle) -> Vec<LegendItem> {
    let mut items = vec![LegendItem {
        label: "model entropy E[½log₂(2πe σₜ²)]".into(),
        color: css(style.primary()),
        dash: Dash::Solid,
        band: true,
    }];
    if !own_closed_form(run, &run.closed_form_entropy_bits).is_empty() {
        items.push(LegendItem {
            label: closed_form_label(run, "entropy"),
            color: css(style.reference()),
            dash: Dash::Dashed,
            band: false,
        });
    }
    items.push(LegendItem {
        label: "the real data, ½log₂(2πe σ²)".into(),
        color: css(PURPLE),
        dash: Dash::Dotted,
        band: false,
    });
    items
}

/// `1/2 log2(2 pi e sigma^2)`: the real data's differential entropy in bits.
fn real_entropy_bits(run: &GaussRun) -> f64 {
    let sigma = run.params.noise_sd;
    0.5 * libm::log2(2.0 * core::f64::consts::PI * core::f64::consts::E * sigma * sigma)
}

/// Draws the entropy chart.
pub fn draw_entropy<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &GaussRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    let n = n_gens(run);
    let real = real_entropy_bits(run);
    let closed = own_closed_form(run, &run.closed_form_entropy_bits);
    let values = run
        .model_entropy_bits
        .lo
        .iter()
        .chain(&run.model_entropy_bits.hi)
        .chain(&closed)
        .copied();
    let y = y_range(values, real, real);
    let mut chart = frame(root, style, n, y, "bits")?;
    hline(&mut chart, style, n, real, PURPLE, Dash::Dotted)?;
    band(
        &mut chart,
        style,
        &run.model_entropy_bits.lo,
        &run.model_entropy_bits.hi,
        style.primary(),
    )?;
    line(&mut chart, style, &closed, style.reference(), Dash::Dashed)?;
    line(
        &mut chart,
        style,
        &run.model_entropy_bits.mid,
        style.primary(),
        Dash::Solid,
    )?;
    Ok(())
}

/// A sentence with this run's numbers.
pub fn caption_entropy(run: &GaussRun) -> String {
    let (first, last) = first_last(&run.model_entropy_bits.mid);
    let which = if run.params.verifier_active() {
        "without the verifier"
    } else {
        "closed form"
    };
    let closed = match run.closed_form_entropy_bits.last() {
        Some(&c) => format!(" ({which}: {} bits)", num(c)),
        None => String::new(),
    };
    format!(
        "The fitted model's differential entropy went from {} to {} bits in {} generations{closed}; \
         the real data's is {} bits. Differential entropy has no floor: a collapsing model's \
         falls without end.",
        num(first),
        num(last),
        n_gens(run),
        num(real_entropy_bits(run))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use infoloop_core::scenarios::loop_gauss::{run, GaussParams};

    fn svg(run: &GaussRun, which: usize) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (480, 300)).into_drawing_area();
            let style = ChartStyle::new(1.0, false);
            let drawn = match which {
                0 => draw_info(&root, run, &style),
                1 => draw_variance(&root, run, &style),
                2 => draw_error(&root, run, &style),
                _ => draw_entropy(&root, run, &style),
            };
            assert!(drawn.is_ok(), "chart {which}");
        }
        out
    }

    #[test]
    fn every_chart_draws_for_closed_open_and_partial_runs() {
        let base = GaussParams {
            n_replicates: 60,
            n_generations: 6,
            ..GaussParams::default()
        };
        let configs = [
            base.clone(),
            GaussParams {
                verifier_on: true,
                ..base.clone()
            },
            GaussParams {
                verifier_on: true,
                verifier_error_sd: 0.0,
                ..base.clone()
            },
            GaussParams {
                verifier_on: true,
                anchoring: 1.0,
                ..base.clone()
            },
            GaussParams {
                real_fraction: 0.5,
                ..base.clone()
            },
        ];
        for p in &configs {
            let full = run(p, 3);
            let mut sim = infoloop_core::scenarios::loop_gauss::GaussSim::new(p, 3);
            sim.advance(30);
            let partial = sim.finish();
            for r in [&full, &partial] {
                for which in 0..4 {
                    assert!(svg(r, which).contains("<svg"));
                }
                let style = ChartStyle::new(2.0, true);
                assert!(legend_info(r, &style).len() >= 3);
                assert!(legend_variance(r, &style).len() >= 2);
                assert!(legend_error(r, &style).len() >= 2);
                assert!(legend_entropy(r, &style).len() >= 2);
                for caption in [
                    caption_info(r),
                    caption_variance(r),
                    caption_error(r),
                    caption_entropy(r),
                ] {
                    assert!(!caption.is_empty() && !caption.contains("NaN"), "{caption}");
                }
            }
        }
    }

    #[test]
    fn captions_carry_this_runs_numbers() {
        let p = GaussParams {
            n_replicates: 60,
            n_generations: 4,
            ..GaussParams::default()
        };
        let r = run(&p, 5);
        let c = caption_info(&r);
        assert!(c.contains(&num(r.info_ksg_bits.mid[0])), "{c}");
        assert!(c.contains(&num(p.closed_loop_limit_bits())), "{c}");
        assert!(caption_variance(&r).contains(&num_var(r.mean_variance.mid[4])));
        assert_eq!(num_var(0.00042), "4.2e-4");
        assert_eq!(num_var(0.5), "0.500");
    }
}
