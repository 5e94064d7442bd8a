//! The control panel: presets and one control per parameter, generated from the parameter spec
//! table, each with a one-sentence explanation in the paper's terms.

use crate::state::Action;
use infoloop_core::link::ShareState;
use infoloop_core::registry;
use infoloop_core::scenario::format::shortest as fmt_number;
use infoloop_core::scenario::params::{self, ParamKind, ParamSpec};
use infoloop_core::scenario::Preset;
use infoloop_core::sweep::SweepSpec;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Slider positions of a log-scale control run over `0..=LOG_STEPS`.
const LOG_STEPS: f64 = 1000.0;

/// Whether a parameter spans orders of magnitude and gets a logarithmic slider.
fn is_log(spec: &ParamSpec) -> bool {
    spec.is_log()
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
    /// Where actions go.
    pub on_action: Callback<Action>,
    /// Asks the shell for a fresh random seed.
    pub on_new_seed: Callback<()>,
    /// Parameters shown elsewhere (the headline controls beside the main chart), left out here.
    #[prop_or_default]
    pub except: Vec<&'static str>,
}

/// Every parameter, grouped (but those shown elsewhere), and the seed: the full panel.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let run = &props.share.run;
    let groups = params::groups(run.specs())
        .into_iter()
        .map(|(heading, rows)| {
            let hidden = |key: &str| {
                props.except.contains(&key)
                    || (props.share.embed && props.share.hidden.iter().any(|h| h == key))
            };
            let rows = rows
                .into_iter()
                .filter(|spec| !hidden(spec.key))
                .map(|spec| row(&props.share, spec, &props.on_action))
                .collect::<Vec<Html>>();
            if rows.is_empty() {
                return html! {};
            }
            html! {
                <fieldset class="group">
                    <legend>{ heading }</legend>
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
            { for groups }
            <div class="seed-row">
                <label for="seed">{ "seed" }</label>
                <input id="seed" type="text" inputmode="numeric" data-key="seed"
                    value={run.seed.to_string()} onchange={seed_input} />
                <button type="button" onclick={move |_| on_new_seed.emit(())}>{ "New seed" }</button>
                <p class="explain">{ "Same parameters and seed, same curves, on any machine." }</p>
            </div>
        </div>
    }
}

/// Properties of [`ControlList`].
#[derive(Properties, PartialEq)]
pub struct ControlListProps {
    /// Active scenario, its parameters and the seed.
    pub share: ShareState,
    /// The parameters to show, in order (unknown keys are skipped).
    pub keys: Vec<String>,
    /// Where actions go.
    pub on_action: Callback<Action>,
}

/// A few controls without headings: the headline controls beside the main chart, or the
/// controls an author picked for a figure.
#[function_component(ControlList)]
pub fn control_list(props: &ControlListProps) -> Html {
    let run = &props.share.run;
    html! {
        <div class="control-list">
            { for props.keys.iter().filter_map(|k| run.spec(k)).map(|spec| row(&props.share, spec, &props.on_action)) }
        </div>
    }
}

/// The preset buttons and one-click actions of the active scenario.
pub fn presets(share: &ShareState, on_action: &Callback<Action>) -> Html {
    let run = &share.run;
    let scenario = run.scenario;
    let chips = scenario.presets().iter().map(|preset| {
        let active = run.is_preset(preset);
        let on_action = on_action.clone();
        let preset: &'static Preset = preset;
        html! {
            <button type="button" class={classes!("preset", active.then_some("active"))}
                aria-pressed={active.to_string()} title={preset.explanation}
                onclick={move |_| on_action.emit(Action::ApplyPreset(preset))}>
                { preset.label }
            </button>
        }
    });
    let actions = scenario.actions().iter().map(|a| {
        let (label, title, key, value) = (a.label, a.title, a.key, a.value);
        let on_action = on_action.clone();
        html! {
            <button type="button" class="action" data-action={key} {title}
                onclick={move |_| on_action.emit(Action::SetParam { key: key.into(), value })}>
                { label }
            </button>
        }
    });
    html! {
        <div class="presets" role="group" aria-label="Presets">{ for chips }{ for actions }</div>
    }
}

/// One parameter's control, with a note when it acts through a toggle that is off or is set
/// by the sweep.
fn row(share: &ShareState, spec: &'static ParamSpec, on_action: &Callback<Action>) -> Html {
    let run = &share.run;
    let value = run.get(spec.key).unwrap_or(spec.default);
    let swept = share.sweep_on && (share.sweep.x_key == spec.key || share.sweep.y_key == spec.key);
    let status = if swept {
        Some("Set by the sweep: each cell uses its own value.".to_string())
    } else {
        spec.needs
            .filter(|toggle| run.get(toggle).is_some_and(|v| v < 0.5))
            .map(|toggle| {
                let name = run.spec(toggle).map_or(toggle, |s| s.label);
                format!("The {name} is off: moving this turns it on.")
            })
    };
    control(spec, value, status, on_action)
}

/// The sweep's settings: scenario, the two axes, the colour metric and the resolution.
pub fn sweep_settings(share: &ShareState, on_action: &Callback<Action>) -> Html {
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
    let scenario = share.run.scenario;
    let axes: Vec<(String, String)> = SweepSpec::axis_specs(scenario)
        .iter()
        .map(|s| (s.key.to_string(), s.label.to_string()))
        .collect();
    let metrics: Vec<(String, String)> = SweepSpec::metrics(scenario)
        .into_iter()
        .map(|m| (m.key, m.label))
        .collect();
    let resolutions: Vec<(String, String)> = [4usize, 8, 12, 16, 24, 32, 48]
        .iter()
        .map(|n| (n.to_string(), format!("{n} × {n}")))
        .collect();
    let bases: Vec<(String, String)> = registry::all()
        .map(|id| (id.key().to_string(), id.info().label.to_string()))
        .collect();
    let base_change = {
        let on_action = on_action.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(id) = registry::by_key(&select.value()) {
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
                        <option value={value.clone()} selected={value == scenario.key()}>{ text }</option>
                    }) }
                </select>
            </div>
            { select("sweep-x", "x axis", axes.clone(), spec.x_key.clone(), |s, v| s.x_key = v) }
            { select("sweep-y", "y axis", axes, spec.y_key.clone(), |s, v| s.y_key = v) }
            { select("sweep-metric", "colour: final value of", metrics, spec.metric.clone(), |s, v| s.metric = v) }
            { select("sweep-n", "resolution", resolutions, spec.resolution.to_string(), |s, v| {
                s.resolution = v.parse().unwrap_or(s.resolution)
            }) }
            <p class="explain">{ "Every other parameter is taken from the controls under “All parameters”; the two swept ones are set by each cell." }</p>
        </fieldset>
    }
}

fn control(
    spec: &'static ParamSpec,
    value: f64,
    status: Option<String>,
    on_action: &Callback<Action>,
) -> Html {
    let status = status.map(|text| html! { <p class="control-status" role="note">{ text }</p> });
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
                <p class="explain">{ spec.explain }</p>
                { status }
                { more(spec) }
            </div>
        };
    }
    let slider_input = {
        let on_action = on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(pos) = infoloop_core::decimal::parse_f64(&input.value()) {
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
            if let Some(v) = infoloop_core::decimal::parse_f64(input.value().trim()) {
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
        <div class={classes!("control", status.is_some().then_some("acts-through"))}>
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
            <p class="explain">{ spec.explain }</p>
            { status }
            { more(spec) }
        </div>
    }
}

/// The longer explanation of a headline control, folded until asked for.
fn more(spec: &ParamSpec) -> Html {
    match spec.why {
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
        let n = ParamSpec {
            min: 1.0,
            max: 4096.0,
            kind: ParamKind::Integer,
            ..ParamSpec::EMPTY
        };
        assert!(is_log(&n));
        assert!((from_position(&n, to_position(&n, 32.0)) - 32.0).abs() < 1e-9);
        assert!((from_position(&n, 0.0) - 1.0).abs() < 1e-12);
        assert!((from_position(&n, LOG_STEPS) - 4096.0).abs() < 1e-6);
        assert!(!is_log(&ParamSpec::EMPTY));
    }
}
