//! What the page says about the run in numbers: the finding box (the active preset's claim
//! with this run's figures, and the pinned comparison) and the live readouts of the key metrics
//! at the transport's generation. Both come from the scenario's declarations (its main chart's
//! caption, its readouts); nothing here knows a scenario.

use crate::state::{Output, State};
use infoloop_core::scenario::format::num;
use infoloop_core::scenario::Readout;
use yew::prelude::*;

/// The active preset's finding, with this run's numbers (the scenario's main chart caption).
pub fn finding(state: &State, output: &Output) -> Html {
    let Some(run) = output.run() else {
        return html! {};
    };
    let Some((main, _)) = run.scenario().chart_keys().first().copied() else {
        return html! {};
    };
    let (label, explanation) = match state.share.run.preset() {
        Some(p) => (p.label, p.explanation),
        None => ("Your settings", "No preset matches these settings exactly."),
    };
    let done = state.is_done();
    let caption = run.chart(main).map(|c| c.caption).unwrap_or_default();
    // The comparison in words: how the pinned run's main curve moved.
    let versus = state.pinned.as_ref().and_then(|pinned| {
        let chart = pinned.run.chart(main)?;
        let (series, values) = chart.readable().next()?;
        let (first, last) = (*values.first()?, *values.last()?);
        let verb = if last < first { "fell" } else { "rose" };
        Some(format!(
            "Pinned for comparison (dashed purple), {}: {} {verb} from {} to {}{}.",
            pinned.label,
            series.label,
            num(first),
            num(last),
            crate::charts::unit(chart.unit)
        ))
    });
    html! {
        <section class="finding" aria-label="Finding" data-preset={label}>
            <p><strong>{ label }</strong>{ ". " }{ explanation }</p>
            <p class="finding-numbers" aria-live="polite">
                { if done { caption } else { "Computing this run's numbers…".into() } }
                if let (true, Some(versus)) = (done, versus) {
                    <br />{ versus }
                }
            </p>
        </section>
    }
}

/// Live numbers of the key metrics at the transport's point `step`.
pub fn readouts(output: &Output, step: Option<usize>) -> Html {
    match output {
        Output::Run(run) => {
            let at = run.x_of(step.unwrap_or(run.last_step()));
            let items = run.scenario().readouts(run, step);
            let name = run.scenario().info().step_name;
            readout_list(format!("Values at {name} {at}"), items)
        }
        Output::Sweep(grid) => {
            let range = grid.value_range().map_or("–".to_string(), |(lo, hi)| {
                format!("{} – {}", num(lo), num(hi))
            });
            let items = vec![
                (
                    "cells computed",
                    format!("{} of {}", grid.done, grid.values.len()),
                ),
                ("colour", crate::charts::heatmap::metric_label(grid)),
                ("range", range),
            ];
            readout_list("Sweep".into(), items)
        }
    }
}

fn readout_list(label: String, items: Vec<Readout>) -> Html {
    html! {
        <dl class="readouts" aria-label={label}>
            { for items.into_iter().map(|(name, value)| html! {
                <div><dt>{ name }</dt><dd>{ value }</dd></div>
            }) }
        </dl>
    }
}
