//! What the page says about the run in numbers: the finding box (the active preset's claim
//! with this run's figures, and the pinned comparison) and the live readouts of the key metrics
//! at the transport's generation.

use crate::charts::{num, ChartKind};
use crate::scenario::AnyRun;
use crate::state::State;
use infoloop_core::scenarios::budget::BudgetRun;
use infoloop_core::scenarios::loop_cat::LoopRun;
use infoloop_core::scenarios::loop_gauss::GaussRun;
use infoloop_core::scenarios::transfer::TransferRun;
use yew::prelude::*;

/// The active preset's finding, with this run's numbers (the scenario's first chart caption).
pub fn finding(state: &State, run: &AnyRun) -> Html {
    let scenario = state.share.scenario;
    let Some(&kind) = ChartKind::for_scenario(scenario).first() else {
        return html! {};
    };
    let preset = scenario
        .presets()
        .iter()
        .find(|p| state.is_preset_active(p));
    let (label, explanation) = match preset {
        Some(p) => (p.label, p.explanation),
        None => ("Your settings", "No preset matches these settings exactly."),
    };
    let done = state.is_done();
    // The comparison in words: how the pinned run's main curve moved.
    let versus = state.pinned.as_ref().and_then(|pinned| {
        let (name, unit, values) = kind.series_of(&pinned.run).into_iter().next()?;
        let (first, last) = (*values.first()?, *values.last()?);
        let verb = if last < first { "fell" } else { "rose" };
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        Some(format!(
            "Pinned for comparison (dashed purple), {}: {name} {verb} from {} to {}{unit}.",
            pinned.label,
            num(first),
            num(last)
        ))
    });
    html! {
        <section class="finding" aria-label="Finding" data-preset={label}>
            <p><strong>{ label }</strong>{ ". " }{ explanation }</p>
            <p class="finding-numbers" aria-live="polite">
                { if done { kind.caption(run) } else { "Computing this run's numbers…".into() } }
                if let (true, Some(versus)) = (done, versus) {
                    <br />{ versus }
                }
            </p>
        </section>
    }
}

/// The value of a curve at generation `step` (`None`: its last).
fn value_at(v: &[f64], step: Option<usize>) -> f64 {
    step.map_or(v.last(), |g| v.get(g))
        .copied()
        .unwrap_or(f64::NAN)
}

/// Live numbers of the key metrics at the transport's generation.
pub fn readouts(run: &AnyRun, step: Option<usize>) -> Html {
    let at = run.x_of(step.or(run.last_step()).unwrap_or(0));
    match run {
        AnyRun::Loop(run) => loop_readouts(run, step, at),
        AnyRun::Gauss(run) => gauss_readouts(run, step, at),
        AnyRun::Budget(run) => budget_readouts(run, step, at),
        AnyRun::Transfer(run) => transfer_readouts(run, step, at),
        AnyRun::Hacking(run) => {
            let last = |v: &[f64]| value_at(v, step);
            let items = vec![
                ("proxy reward", num(last(&run.proxy_reward.mid))),
                ("true accuracy", num(last(&run.accuracy.mid))),
                ("accuracy, source B", num(last(&run.accuracy_b.mid))),
                ("chance 1/V", num(run.params.chance())),
                ("P(long answer)", num(last(&run.p_long.mid))),
            ];
            readout_list(format!("Values at step {at}"), items)
        }
        AnyRun::Sweep(grid) => {
            let range = grid.value_range().map_or("–".to_string(), |(lo, hi)| {
                format!("{} – {}", num(lo), num(hi))
            });
            let items = vec![
                (
                    "cells computed",
                    format!("{} of {}", grid.done, grid.values.len()),
                ),
                ("colour", grid.spec.metric.clone()),
                ("range", range),
            ];
            readout_list("Sweep".into(), items)
        }
    }
}

fn readout_list(label: String, items: Vec<(&'static str, String)>) -> Html {
    html! {
        <dl class="readouts" aria-label={label}>
            { for items.into_iter().map(|(name, value)| html! {
                <div><dt>{ name }</dt><dd>{ value }</dd></div>
            }) }
        </dl>
    }
}

fn gauss_readouts(run: &GaussRun, step: Option<usize>, at: usize) -> Html {
    let last = |v: &[f64]| value_at(v, step);
    let mut items = vec![
        (
            "I(X; μₜ), kNN",
            format!("{} bits", num(last(&run.info_ksg_bits.mid))),
        ),
        (
            "closed loop, closed form",
            format!("{} bits", num(last(&run.closed_form_bits))),
        ),
        ("fitted variance", num(last(&run.mean_variance.mid))),
        ("squared error", num(last(&run.sq_error.mid))),
    ];
    if let Some(ceiling) = run.params.verifier_ceiling_bits() {
        items.push(("verifier ceiling", format!("{} bits", num(ceiling))));
    }
    if run.params.verifier_on {
        items.push((
            "accepted",
            format!("{:.0}%", 100.0 * last(&run.acceptance_rate)),
        ));
    }
    readout_list(format!("Values at generation {at}"), items)
}

fn transfer_readouts(run: &TransferRun, step: Option<usize>, at: usize) -> Html {
    let last = |v: &[f64]| value_at(v, step);
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
    let items = vec![
        (
            "out-of-domain accuracy",
            num(last(&run.accuracy_out_of_domain.mid)),
        ),
        ("in-domain accuracy", num(last(&run.accuracy_in_domain.mid))),
        ("weight on the solver π_g", num(last(&run.pi_solver.mid))),
        ("closed-form threshold", threshold),
        ("should win at this c", expected.to_string()),
    ];
    readout_list(format!("Values at generation {at}"), items)
}

fn budget_readouts(run: &BudgetRun, step: Option<usize>, at: usize) -> Html {
    let last = |v: &[f64]| value_at(v, step);
    let steps = match run.steps_to(0.9) {
        Some(t) => format!("{t} steps"),
        None => "not reached".into(),
    };
    let items = vec![
        ("steps to 90% accuracy", steps),
        ("accuracy", num(last(&run.accuracy.mid))),
        (
            "task-relevant bits",
            format!("{} bits", num(last(&run.task_bits.mid))),
        ),
        (
            "surface-form bits",
            format!("{} bits", num(last(&run.within_bits.mid))),
        ),
        ("efficiency η", num(last(&run.efficiency.mid))),
        (
            "diversity H(form | correct)",
            format!("{} bits", num(last(&run.form_entropy_bits.mid))),
        ),
    ];
    readout_list(format!("Values at step {at}"), items)
}

fn loop_readouts(run: &LoopRun, step: Option<usize>, at: usize) -> Html {
    let last = |v: &[f64]| value_at(v, step);
    let t = at;
    let mut items = vec![
        (
            "task information",
            format!("{} bits", num(last(&run.info_argmax_bits.mid))),
        ),
        (
            "DPI ceiling I(X; Z₀)",
            format!("{} bits", num(last(&run.dpi_ceiling_bits.mid))),
        ),
        ("mean accuracy", num(last(&run.mean_accuracy.mid))),
        (
            "entropy",
            format!("{} bits", num(last(&run.entropy_bits.mid))),
        ),
    ];
    if run.params.verifier_on {
        let accepted = format!("{:.0}%", 100.0 * last(&run.acceptance_rate));
        items.push(("accepted by the verifier", accepted));
    }
    if run.params.is_open() {
        let injected = format!("{} bits", num(last(&run.injected_bits_total)));
        items.push(("injected in total", injected));
    }
    html! {
        <dl class="readouts" aria-label={format!("Values at generation {t}")}>
            { for items.into_iter().map(|(name, value)| html! {
                <div><dt>{ name }</dt><dd>{ value }</dd></div>
            }) }
        </dl>
    }
}
