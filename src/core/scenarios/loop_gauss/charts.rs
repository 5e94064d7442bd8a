//! Scenario B's charts, declared, with the captions and live readouts that state this run's
//! numbers:
//!
//! - `gauss-info`: task information `I(X; mu_t)` by KSG with its 95% band, the correlation
//!   estimate, the Gaussian closed form `1/2 log2(1 + tau^2 / V_t)` (dashed) and the ceilings
//!   (dotted): the verifier's `I(X; X + nu)` when it is the loop's only signal, the closed loop's
//!   long-run limit `1/2 log2(1 + tau^2 / sigma^2)` (one real sample's worth) otherwise;
//! - `gauss-variance`: the mean fitted variance `E sigma_t^2` with its band, its closed form
//!   (Shumailov et al. 2024's variance collapse) and the real data's `sigma^2`;
//! - `gauss-error`: the squared error `E(mu_t - X)^2` with its band, its closed form `V_t` or the
//!   verifier's own error `omega^2`, and the closed loop's long-run limit `sigma^2`.
//!
//! Closed forms describe the loop *without* a verifier. When one is active, the information chart
//! still draws its closed form, labelled as what the loop would do without the verifier (bits
//! compare across the two); the variance and error charts leave it out, since next to the
//! collapsed open-loop curves it would flatten them, and their captions give its numbers.
//!
//! The verifier's ceiling stretches the information chart only while it is at most
//! [`CEILING_SPAN`] times the highest curve (plus half a bit); a far higher one (small `omega`)
//! would squash the curves, so it is then marked off the scale with its value. The verifier's own
//! error `omega^2` likewise sets the error chart's top only while it is at most [`CEILING_SPAN`]
//! times the highest error (`omega` goes up to 5), and is marked off the scale otherwise.

use super::GaussRun;
use crate::scenario::chart::{Chart, Color, Dash, Series, YAxis};
use crate::scenario::format::{first_last, num, percent, value_at};
use crate::scenario::Readout;

/// A verifier's ceiling sets the information chart's top only while it is at most this many
/// times the highest curve (plus half a bit); a far higher one (small `omega`) is marked off the
/// scale instead, and the caption gives it.
pub const CEILING_SPAN: f64 = 1.5;

fn n_gens(run: &GaussRun) -> usize {
    run.len().saturating_sub(1)
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

fn verifier_active(run: &GaussRun) -> bool {
    run.params.verifier_active()
}

/// Whether the closed forms describe this run (no active verifier): only then do the variance
/// and error charts draw them.
fn closed_form_is_own(run: &GaussRun) -> bool {
    !run.params.verifier_active()
}

fn has_verifier_ceiling(run: &GaussRun) -> bool {
    run.params.verifier_ceiling_bits().is_some()
}

/// The verifier's ceiling `I(X; X + nu)` (drawn only when it exists).
fn verifier_ceiling(run: &GaussRun) -> f64 {
    run.params.verifier_ceiling_bits().unwrap_or(f64::NAN)
}

/// Whether the closed loop's long-run limit applies (no active verifier, no fresh data).
fn closed_limit_applies(run: &GaussRun) -> bool {
    let p = &run.params;
    !p.verifier_active() && p.n_real_per_generation() == 0
}

fn closed_limit_bits(run: &GaussRun) -> f64 {
    run.params.closed_loop_limit_bits()
}

/// `sigma^2`, the real data's noise variance.
fn real_variance(run: &GaussRun) -> f64 {
    run.params.noise_sd * run.params.noise_sd
}

/// `omega^2`, the verifier's own error variance.
fn verifier_error_variance(run: &GaussRun) -> f64 {
    run.params.verifier_error_sd * run.params.verifier_error_sd
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

/// The least top of the information chart: half a bit, or the verifier's ceiling while it is
/// near the curves (see [`CEILING_SPAN`]).
fn info_axis_top(run: &GaussRun) -> f64 {
    match run.params.verifier_ceiling_bits() {
        Some(c) if c.is_finite() && c <= CEILING_SPAN * info_top(run) + 0.5 => c.max(0.5),
        _ => 0.5,
    }
}

/// The least top of the error chart: the verifier's own error `omega^2` while it is near the
/// errors (see [`CEILING_SPAN`]), else none.
fn error_axis_top(run: &GaussRun) -> f64 {
    let top = run
        .sq_error
        .hi
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let omega2 = verifier_error_variance(run);
    if run.params.verifier_active() && omega2 <= CEILING_SPAN * top {
        omega2
    } else {
        0.0
    }
}

/// The label of the information chart's closed form: the run's own, or the loop's without its
/// verifier.
fn info_closed_form_label(run: &GaussRun) -> String {
    if run.params.verifier_active() {
        "½log₂(1+τ²/Vₜ) without verifier (closed form)".into()
    } else {
        "½log₂(1+τ²/Vₜ) (closed form)".into()
    }
}

/// The label of the variance closed form (drawn without an active verifier): Shumailov et al.
/// (2024)'s variance collapse, or its generalization when fresh data joins every generation.
fn variance_closed_form_label(run: &GaussRun) -> String {
    if run.params.n_real_per_generation() > 0 {
        "E σₜ² with fresh data (closed form)".into()
    } else {
        "variance collapse, closed form (Shumailov et al. 2024)".into()
    }
}

/// The charts, top to bottom (keys and titles as before the registry).
pub const CHARTS: &[Chart<GaussRun>] = &[
    Chart {
        key: "gauss-info",
        title: "Task information I(X; μₜ) in the fitted mean",
        y_label: "bits",
        unit: "bits",
        y: YAxis::UpTo(info_axis_top),
        series: &[
            Series::band("info_ksg_bits", "I(X; μₜ), KSG", Color::Primary),
            Series::curve(
                "info_gauss_bits",
                "Gaussian estimate −½log₂(1−ρ²)",
                Color::Orange,
                Dash::Dotted,
            ),
            Series::curve(
                "closed_form_bits",
                "½log₂(1+τ²/Vₜ) (closed form)",
                Color::Reference,
                Dash::Dashed,
            )
            .labelled(info_closed_form_label),
            Series::level(
                verifier_ceiling,
                "verifier’s ceiling I(X; X+ν)",
                Color::Green,
                Dash::Dotted,
            )
            .when(has_verifier_ceiling)
            .marked(),
            Series::level(
                closed_limit_bits,
                "long-run limit: one real sample",
                Color::Reference,
                Dash::Dotted,
            )
            .when(closed_limit_applies),
        ],
        caption: caption_info,
    },
    Chart {
        key: "gauss-variance",
        title: "Variance of the fitted model",
        y_label: "variance (units of X²)",
        unit: "X²",
        y: YAxis::Auto {
            floor: 0.0,
            min_top: 0.0,
        },
        series: &[
            Series::band(
                "mean_variance",
                "mean fitted variance E σₜ²",
                Color::Primary,
            ),
            Series::curve(
                "closed_form_variance",
                "variance collapse, closed form (Shumailov et al. 2024)",
                Color::Reference,
                Dash::Dashed,
            )
            .labelled(variance_closed_form_label)
            .when(closed_form_is_own),
            Series::level(
                real_variance,
                "σ², the real data’s noise",
                Color::Orange,
                Dash::Dotted,
            ),
        ],
        caption: caption_variance,
    },
    Chart {
        key: "gauss-error",
        title: "Squared error of the fitted mean",
        y_label: "squared error (units of X²)",
        unit: "X²",
        y: YAxis::UpTo(error_axis_top),
        series: &[
            Series::band("sq_error", "squared error E(μₜ−X)²", Color::Vermillion),
            Series::level(
                verifier_error_variance,
                "verifier’s own error ω²",
                Color::Green,
                Dash::Dotted,
            )
            .when(verifier_active)
            .marked(),
            Series::curve(
                "closed_form_sq_error",
                "Vₜ (closed form)",
                Color::Reference,
                Dash::Dashed,
            )
            .when(closed_form_is_own),
            Series::level(
                real_variance,
                "long-run limit σ²",
                Color::Orange,
                Dash::Dotted,
            )
            .when(closed_limit_applies),
        ],
        caption: caption_error,
    },
];

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
            Some(c) if last < first => format!(
                "open is a ceiling, not a promise: the verifier sees X only through X+ν and knows \
                 it less well than generation 0 did, so the loop falls toward the verifier's own \
                 ceiling I(X; X+ν) = ½log₂(1+τ²/ω²) = {} bits (I(X; Zₜ₊₁) ≤ I(X; Zₜ) + I(X; S | Zₜ) \
                 allows a rise only while the verifier knows more than the model)",
                num(c)
            ),
            Some(c) => format!(
                "the verifier sees X only through X+ν, so the loop can approach its ceiling \
                 I(X; X+ν) = ½log₂(1+τ²/ω²) = {} bits and no more",
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
        let settle = if last < first {
            format!(
                " Open is a floor here, not a rise: the fresh samples hold it far above the \
                 closed loop's limit ({} bits, one real sample's worth), but a generation's {} \
                 carry less than generation 0's {}, so it settles lower.",
                num(p.closed_loop_limit_bits()),
                p.n_real_per_generation(),
                p.n_real_initial
            )
        } else {
            String::new()
        };
        return format!(
            "Information-open loop ({} fresh real samples per generation): {head}; the Gaussian \
             closed form gives {} → {} bits.{settle}",
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
        num_var(real_variance(run)),
        num(h_first),
        num(h_last)
    )
}

/// A sentence with this run's numbers.
pub fn caption_error(run: &GaussRun) -> String {
    let p = &run.params;
    let (first, last) = first_last(&run.sq_error.mid);
    let (cf_first, cf_last) = first_last(&run.closed_form_sq_error);
    let tail = if p.verifier_active() {
        format!(
            "the verifier's own error is ω² = {}; without it Vₜ would go from {} to {}",
            num_var(verifier_error_variance(run)),
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

/// Live numbers at point `step` (`None`: the last).
pub fn readouts(run: &GaussRun, step: Option<usize>) -> Vec<Readout> {
    let at = |v: &[f64]| value_at(v, step);
    let bits = |v: &[f64]| format!("{} bits", num(at(v)));
    let mut items = vec![
        ("I(X; μₜ), kNN", bits(&run.info_ksg_bits.mid)),
        ("closed loop, closed form", bits(&run.closed_form_bits)),
        ("fitted variance", num(at(&run.mean_variance.mid))),
        ("squared error", num(at(&run.sq_error.mid))),
    ];
    if let Some(ceiling) = run.params.verifier_ceiling_bits() {
        items.push(("verifier ceiling", format!("{} bits", num(ceiling))));
    }
    if run.params.verifier_on {
        items.push(("accepted", percent(at(&run.acceptance_rate))));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::stream::Engine;
    use crate::scenario::chart::{ChartData, Line};
    use crate::scenario::Blocked;
    use crate::scenarios::loop_gauss::{run, GaussParams, GaussSim};

    fn chart(run: &GaussRun, key: &str) -> ChartData {
        let chart = CHARTS.iter().find(|c| c.key == key).expect("a chart");
        chart.resolve(run, "generation")
    }

    fn labels(data: &ChartData) -> Vec<&str> {
        data.series.iter().map(|s| s.label.as_str()).collect()
    }

    #[test]
    fn every_chart_resolves_for_closed_open_and_partial_runs() {
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
            let mut sim = Blocked::<GaussSim>::new(p, 3, Engine::V1);
            sim.advance(30);
            let partial = sim.finish();
            for r in [&full, &partial] {
                for c in CHARTS {
                    let data = c.resolve(r, "generation");
                    assert!(data.series.len() >= 2, "{}: {:?}", c.key, labels(&data));
                    assert!(data.y.0.is_finite() && data.y.1 > data.y.0, "{}", c.key);
                    for s in &data.series {
                        let values: Vec<f64> = match &s.line {
                            Line::Points(v) => v.clone(),
                            Line::Band { mid, lo, hi } => {
                                mid.iter().chain(lo).chain(hi).copied().collect()
                            }
                            Line::Level(v) => vec![*v],
                        };
                        assert!(
                            !values.is_empty() && values.iter().all(|v| v.is_finite()),
                            "{} {}: {values:?}",
                            c.key,
                            s.label
                        );
                    }
                }
                for caption in [caption_info(r), caption_variance(r), caption_error(r)] {
                    assert!(
                        !caption.is_empty() && !caption.contains("NaN") && !caption.contains('–'),
                        "{caption}"
                    );
                }
                assert!(readouts(r, None).len() >= 4);
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

    /// The closed forms and reference lines that apply, and only those, with their labels.
    #[test]
    fn legends_follow_the_configuration() {
        let small = GaussParams {
            n_replicates: 60,
            n_generations: 4,
            ..GaussParams::default()
        };
        let closed = run(&small, 1);
        assert_eq!(
            labels(&chart(&closed, "gauss-info")),
            [
                "I(X; μₜ), KSG",
                "Gaussian estimate −½log₂(1−ρ²)",
                "½log₂(1+τ²/Vₜ) (closed form)",
                "long-run limit: one real sample",
            ]
        );
        assert_eq!(
            labels(&chart(&closed, "gauss-variance"))[1],
            "variance collapse, closed form (Shumailov et al. 2024)"
        );
        assert_eq!(
            labels(&chart(&closed, "gauss-error")),
            [
                "squared error E(μₜ−X)²",
                "Vₜ (closed form)",
                "long-run limit σ²"
            ]
        );
        let fresh = run(
            &GaussParams {
                real_fraction: 0.25,
                ..small.clone()
            },
            1,
        );
        assert_eq!(
            labels(&chart(&fresh, "gauss-variance"))[1],
            "E σₜ² with fresh data (closed form)"
        );
        let verifier = run(
            &GaussParams {
                verifier_on: true,
                ..small
            },
            1,
        );
        assert_eq!(
            labels(&chart(&verifier, "gauss-info"))[2..],
            [
                "½log₂(1+τ²/Vₜ) without verifier (closed form)",
                "verifier’s ceiling I(X; X+ν)"
            ]
        );
        assert_eq!(
            labels(&chart(&verifier, "gauss-variance")),
            ["mean fitted variance E σₜ²", "σ², the real data’s noise"]
        );
        assert_eq!(
            labels(&chart(&verifier, "gauss-error")),
            ["squared error E(μₜ−X)²", "verifier’s own error ω²"]
        );
    }

    /// A ceiling near the curves sets the chart's top; a far one is marked off the scale with its
    /// value, never dropped.
    #[test]
    fn the_verifier_ceiling_is_drawn_when_near_and_marked_when_far() {
        let near = GaussParams {
            n_replicates: 200,
            verifier_on: true,
            ..GaussParams::default()
        };
        let data = chart(&run(&near, 2), "gauss-info");
        let ceiling = near.verifier_ceiling_bits().unwrap_or(f64::NAN);
        assert_eq!(data.series[3].line, Line::Level(ceiling));
        assert!(data.y.1 >= ceiling && data.series[3].off_scale.is_none());
        let far = GaussParams {
            verifier_error_sd: 0.001,
            n_generations: 2,
            ..near
        };
        let data = chart(&run(&far, 2), "gauss-info");
        let ceiling = far.verifier_ceiling_bits().unwrap_or(f64::NAN);
        assert!(
            ceiling > 9.0 && data.y.1 < ceiling,
            "{ceiling} {:?}",
            data.y
        );
        assert_eq!(data.series[3].off_scale, Some(ceiling));
    }

    /// The verifier's own error sets the error chart's top when near the errors (the noisy
    /// verifier's ω² = 1) and is marked off the scale when far (ω = 5).
    #[test]
    fn the_verifier_error_is_drawn_when_near_and_marked_when_far() {
        let noisy = GaussParams {
            n_replicates: 200,
            verifier_on: true,
            verifier_error_sd: 1.0,
            ..GaussParams::default()
        };
        let data = chart(&run(&noisy, 2), "gauss-error");
        assert_eq!(data.series[1].line, Line::Level(1.0));
        assert!(
            data.y.1 >= 1.0 && data.series[1].off_scale.is_none(),
            "{:?}",
            data.y
        );
        let far = GaussParams {
            verifier_error_sd: 5.0,
            ..noisy
        };
        let data = chart(&run(&far, 2), "gauss-error");
        assert!(data.y.1 < 25.0, "{:?}", data.y);
        assert_eq!(data.series[1].off_scale, Some(25.0));
    }
}
