//! The control panel: presets and one control per parameter, generated from the parameter spec
//! table, each with a one-sentence explanation in the paper's terms.

use crate::scenario::{Preset, ScenarioId};
use crate::share::{fmt_number, ShareState};
use crate::state::Action;
use crate::sweep::SweepSpec;
use infoloop_core::scenario::params::{ParamKind, ParamSpec};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Slider positions of a log-scale control run over `0..=LOG_STEPS`.
const LOG_STEPS: f64 = 1000.0;

/// Whether a parameter spans orders of magnitude and gets a logarithmic slider.
fn is_log(spec: &ParamSpec) -> bool {
    spec.kind != ParamKind::Toggle && spec.min > 0.0 && spec.max / spec.min >= 100.0
}

fn to_position(spec: &ParamSpec, value: f64) -> f64 {
    if is_log(spec) {
        LOG_STEPS * libm::log(value / spec.min) / libm::log(spec.max / spec.min)
    } else {
        value
    }
}

fn from_position(spec: &ParamSpec, position: f64) -> f64 {
    if is_log(spec) {
        spec.min * libm::pow(spec.max / spec.min, position / LOG_STEPS)
    } else {
        position
    }
}

/// Properties of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Active scenario, its parameters and the seed.
    pub share: ShareState,
    /// Which of the scenario's presets match the parameters exactly.
    pub active_presets: Vec<bool>,
    /// Where actions go.
    pub on_action: Callback<Action>,
    /// Asks the shell for a fresh random seed.
    pub on_new_seed: Callback<()>,
}

/// Presets, grouped controls and the seed.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let scenario = props.share.scenario;
    let presets = scenario
        .presets()
        .iter()
        .zip(&props.active_presets)
        .map(|(preset, &active)| {
            let on_action = props.on_action.clone();
            let preset: &'static Preset = preset;
            html! {
                <button type="button" class={classes!("preset", active.then_some("active"))}
                    aria-pressed={active.to_string()} title={preset.explanation}
                    onclick={move |_| on_action.emit(Action::ApplyPreset(preset))}>
                    { preset.label }
                </button>
            }
        });
    let groups = scenario.groups().iter().map(|(heading, keys)| {
        let hidden = |key: &str| props.share.embed && props.share.hidden.iter().any(|h| h == key);
        let rows = keys
            .iter()
            .filter(|k| !hidden(k))
            .filter_map(|k| scenario.specs().iter().find(|s| s.key == *k))
            .map(|spec| {
                let value = props.share.get(spec.key).unwrap_or(spec.default);
                let swept = props.share.sweep_on
                    && (props.share.sweep.x_key == spec.key || props.share.sweep.y_key == spec.key);
                let inactive = swept
                    || scenario
                        .depends_on(spec.key)
                        .is_some_and(|toggle| props.share.get(toggle).unwrap_or(1.0) < 0.5);
                control(scenario, spec, value, inactive, &props.on_action)
            })
            .collect::<Vec<Html>>();
        if rows.is_empty() {
            return html! {};
        }
        html! {
            <fieldset class="group">
                <legend>{ *heading }</legend>
                { for rows.into_iter() }
            </fieldset>
        }
    });
    let seed_input = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(seed) = input.value().trim().parse::<u64>() {
                on_action.emit(Action::SetSeed(seed));
            }
        })
    };
    let on_new_seed = props.on_new_seed.clone();
    html! {
        <div class="controls">
            if props.share.sweep_on {
                { sweep_settings(&props.share, &props.on_action) }
            }
            <div class="presets" role="group" aria-label="Presets">{ for presets }</div>
            if !scenario.actions().is_empty() {
                <div class="actions" role="group" aria-label="Actions">
                    { for scenario.actions().iter().map(|&(label, title, key, value)| {
                        let on_action = props.on_action.clone();
                        html! {
                            <button type="button" class="action" data-action={key} {title}
                                onclick={move |_| on_action.emit(Action::SetParam { key: key.into(), value })}>
                                { label }
                            </button>
                        }
                    }) }
                </div>
            }
            { for groups }
            <div class="seed-row">
                <label for="seed">{ "seed" }</label>
                <input id="seed" type="text" inputmode="numeric" data-key="seed"
                    value={props.share.seed.to_string()} onchange={seed_input} />
                <button type="button" onclick={move |_| on_new_seed.emit(())}>{ "New seed" }</button>
                <p class="explain">{ "Same parameters and seed, same curves, on any machine." }</p>
            </div>
        </div>
    }
}

/// The sweep's settings: scenario, the two axes, the colour metric and the resolution.
fn sweep_settings(share: &ShareState, on_action: &Callback<Action>) -> Html {
    let spec = share.sweep.clone();
    let select = |id: &str,
                  label: &str,
                  options: Vec<(String, String)>,
                  current: String,
                  apply: fn(&mut SweepSpec, String)| {
        let on_action = on_action.clone();
        let spec = spec.clone();
        let onchange = Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut next = spec.clone();
            apply(&mut next, select.value());
            on_action.emit(Action::SetSweep(next));
        });
        html! {
            <div class="control sweep-select">
                <label for={id.to_string()}>{ label.to_string() }</label>
                <select id={id.to_string()} data-sweep={id.to_string()} {onchange}>
                    { for options.into_iter().map(|(value, text)| html! {
                        <option value={value.clone()} selected={value == current}>{ text }</option>
                    }) }
                </select>
            </div>
        }
    };
    let axes: Vec<(String, String)> = SweepSpec::axis_specs(share.scenario)
        .iter()
        .map(|s| (s.key.to_string(), s.label.to_string()))
        .collect();
    let metrics: Vec<(String, String)> = SweepSpec::metrics(share.scenario)
        .into_iter()
        .map(|m| (m.clone(), m))
        .collect();
    let resolutions: Vec<(String, String)> = [4usize, 8, 12, 16, 24, 32, 48]
        .iter()
        .map(|n| (n.to_string(), format!("{n} × {n}")))
        .collect();
    let bases: Vec<(String, String)> = ScenarioId::ALL
        .iter()
        .map(|id| (id.key().to_string(), id.label().to_string()))
        .collect();
    let base_change = {
        let on_action = on_action.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(id) = ScenarioId::from_key(&select.value()) {
                on_action.emit(Action::OpenSweep(id));
            }
        })
    };
    html! {
        <fieldset class="group sweep-settings">
            <legend>{ "Sweep" }</legend>
            <div class="control sweep-select">
                <label for="sweep-base">{ "scenario" }</label>
                <select id="sweep-base" data-sweep="base" onchange={base_change}>
                    { for bases.into_iter().map(|(value, text)| html! {
                        <option value={value.clone()} selected={value == share.scenario.key()}>{ text }</option>
                    }) }
                </select>
            </div>
            { select("sweep-x", "x axis", axes.clone(), spec.x_key.clone(), |s, v| s.x_key = v) }
            { select("sweep-y", "y axis", axes, spec.y_key.clone(), |s, v| s.y_key = v) }
            { select("sweep-metric", "colour: final value of", metrics, spec.metric.clone(), |s, v| s.metric = v) }
            { select("sweep-n", "resolution", resolutions, spec.resolution.to_string(), |s, v| {
                s.resolution = v.parse().unwrap_or(s.resolution)
            }) }
            <p class="explain">{ "Every other parameter is taken from the sliders below; the swept ones are dimmed." }</p>
        </fieldset>
    }
}

fn control(
    scenario: ScenarioId,
    spec: &'static ParamSpec,
    value: f64,
    inactive: bool,
    on_action: &Callback<Action>,
) -> Html {
    let id = format!("param-{}", spec.key);
    let key = spec.key;
    if spec.kind == ParamKind::Toggle {
        let on_action = on_action.clone();
        let onchange = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_action.emit(Action::SetParam {
                key: key.into(),
                value: input.checked() as u8 as f64,
            });
        });
        return html! {
            <div class="control toggle">
                <label for={id.clone()}>
                    <input id={id} type="checkbox" data-key={key} checked={value >= 0.5} {onchange} />
                    { spec.label }
                </label>
                <p class="explain">{ scenario.explanation(key) }</p>
                { more(scenario, key) }
            </div>
        };
    }
    let slider_input = {
        let on_action = on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(pos) = input.value().parse::<f64>() {
                on_action.emit(Action::SetParam {
                    key: key.into(),
                    value: from_position(spec, pos),
                });
            }
        })
    };
    let number_change = {
        let on_action = on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().trim().parse::<f64>() {
                on_action.emit(Action::SetParam {
                    key: key.into(),
                    value: v,
                });
            }
        })
    };
    let (min, max, step) = if is_log(spec) {
        (0.0, LOG_STEPS, 1.0)
    } else {
        (spec.min, spec.max, spec.step)
    };
    html! {
        <div class={classes!("control", inactive.then_some("inactive"))}>
            <div class="control-head">
                <label for={id.clone()}>{ spec.label }</label>
                <input class="number" type="number" aria-label={format!("{} value", spec.label)}
                    data-number-key={key} min={fmt_number(spec.min)} max={fmt_number(spec.max)}
                    step={fmt_number(spec.step)} value={fmt_number(value)} onchange={number_change} />
            </div>
            <input id={id} type="range" data-key={key} data-scale={if is_log(spec) { "log" } else { "linear" }}
                min={fmt_number(min)} max={fmt_number(max)} step={fmt_number(step)}
                value={fmt_number(to_position(spec, value))} oninput={slider_input}
                aria-valuetext={fmt_number(value)} />
            <p class="explain">{ scenario.explanation(key) }</p>
            { more(scenario, key) }
        </div>
    }
}

/// The longer explanation of a headline control, folded until asked for.
fn more(scenario: ScenarioId, key: &str) -> Html {
    match scenario.details(key) {
        Some(text) => html! {
            <details class="more">
                <summary>{ "Why it matters" }</summary>
                <p>{ text }</p>
            </details>
        },
        None => html! {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_sliders_round_trip_their_ends() {
        let specs = ScenarioId::Loop.specs();
        let n = specs.iter().find(|s| s.key == "n").unwrap();
        assert!(is_log(n));
        assert!((from_position(n, to_position(n, 32.0)) - 32.0).abs() < 1e-9);
        assert!((from_position(n, 0.0) - 1.0).abs() < 1e-12);
        assert!((from_position(n, LOG_STEPS) - 4096.0).abs() < 1e-6);
        assert!(!is_log(specs.iter().find(|s| s.key == "s").unwrap()));
    }
}
