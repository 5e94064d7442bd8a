//! The control panel: presets and one control per parameter, generated from the parameter spec
//! table, each with a one-sentence explanation in the paper's terms.

use crate::core::loop_cat::LoopParams;
use crate::core::params::{ParamKind, ParamSpec, Params};
use crate::share::fmt_number;
use crate::state::{Action, Preset};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Control groups, in display order: (heading, parameter keys).
const GROUPS: &[(&str, &[&str])] = &[
    ("External signal", &["ver", "s", "kap", "lam"]),
    ("Loop", &["n", "t", "b", "a", "acc"]),
    ("Task", &["k", "q", "n0"]),
    ("Estimation", &["r"]),
];

/// One sentence per parameter.
pub fn explanation(key: &str) -> &'static str {
    match key {
        "ver" => "Filter each generation's samples through a verifier, an external signal that can make the loop information-open.",
        "s" => "Verifier strength s = 1 − 2ε (ε its flip probability): 1 is a perfect checker, 0 a coin flip that carries no information.",
        "kap" => "How often the verifier checks agreement with the student's own mode instead of the truth; κ = 1 is a self-judge and closes the loop again.",
        "lam" => "Fresh real samples added each generation, as a fraction of N: real data is an external signal too.",
        "n" => "Samples the model draws from itself each generation; the fewer, the faster task information drains away.",
        "t" => "How many times the model is refit on its own (filtered) outputs.",
        "b" => "Share of the new fit in the next model: 1 replaces the model, smaller values move it slowly.",
        "a" => "Pseudo-count added to every answer when refitting; keeps KL finite and pulls gently toward uniform.",
        "acc" => "Refit on all data so far instead of only the last generation's samples.",
        "k" => "Number of possible answers V: log₂ V bits is all there is to learn about the correct answer X.",
        "q" => "How often a real sample is the correct answer (chance is 1/V).",
        "n0" => "Real samples behind generation 0: they set the DPI ceiling I(X; Z₀) of every closed loop.",
        "r" => "Independent replicates (fresh X and random stream each) behind every estimate; more replicates narrow the bands.",
        _ => "",
    }
}

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
    /// Current parameters.
    pub params: LoopParams,
    /// Current seed.
    pub seed: u64,
    /// Where actions go.
    pub on_action: Callback<Action>,
    /// Asks the shell for a fresh random seed.
    pub on_new_seed: Callback<()>,
}

/// Presets, grouped controls and the seed.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let presets = Preset::ALL.iter().map(|&preset| {
        let on_action = props.on_action.clone();
        let active = preset.params() == props.params;
        html! {
            <button type="button" class={classes!("preset", active.then_some("active"))}
                aria-pressed={active.to_string()} title={preset.explanation()}
                onclick={move |_| on_action.emit(Action::ApplyPreset(preset))}>
                { preset.label() }
            </button>
        }
    });
    let groups = GROUPS.iter().map(|(heading, keys)| {
        let rows = keys.iter().filter_map(|k| LoopParams::spec(k)).map(|spec| {
            let value = props.params.get(spec.key).unwrap_or(spec.default);
            let inactive = matches!(spec.key, "s" | "kap") && !props.params.verifier_on;
            control(spec, value, inactive, &props.on_action)
        });
        html! {
            <fieldset class="group">
                <legend>{ *heading }</legend>
                { for rows }
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
            <div class="presets" role="group" aria-label="Presets">{ for presets }</div>
            { for groups }
            <div class="seed-row">
                <label for="seed">{ "seed" }</label>
                <input id="seed" type="text" inputmode="numeric" data-key="seed"
                    value={props.seed.to_string()} onchange={seed_input} />
                <button type="button" onclick={move |_| on_new_seed.emit(())}>{ "New seed" }</button>
                <p class="explain">{ "Same parameters and seed, same curves, on any machine." }</p>
            </div>
        </div>
    }
}

fn control(
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
                <p class="explain">{ explanation(key) }</p>
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
            <p class="explain">{ explanation(key) }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_has_an_explanation_and_a_group() {
        for spec in LoopParams::specs() {
            assert!(!explanation(spec.key).is_empty(), "{}", spec.key);
            assert!(
                GROUPS.iter().any(|(_, keys)| keys.contains(&spec.key)),
                "{}",
                spec.key
            );
        }
    }

    #[test]
    fn log_sliders_round_trip_their_ends() {
        let n = LoopParams::spec("n").unwrap();
        assert!(is_log(n));
        assert!((from_position(n, to_position(n, 32.0)) - 32.0).abs() < 1e-9);
        assert!((from_position(n, 0.0) - 1.0).abs() < 1e-12);
        assert!((from_position(n, LOG_STEPS) - 4096.0).abs() < 1e-6);
        assert!(!is_log(LoopParams::spec("s").unwrap()));
    }
}
