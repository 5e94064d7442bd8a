//! "Where does my pipeline sit?": the paper's taxonomy of data-synthesis methods as a gallery,
//! each with its verdict (information-open or closed, the meta-level of its supervision), why in
//! the paper's terms, and a button that opens the scenario preset showing it. The entries are
//! declared by the scenarios themselves (`Model::PIPELINES`); this only lays them out.

use crate::state::Action;
use infoloop_core::registry;
use infoloop_core::scenario::{Supervision, Verdict};
use yew::prelude::*;

/// The gallery.
pub fn gallery(on_action: &Callback<Action>) -> Html {
    html! {
        <section id="pipelines" class="gallery" aria-labelledby="pipelines-title">
            <h2 id="pipelines-title">{ "Where does my pipeline sit?" }</h2>
            <p class="explain">{ "Common ways of training on synthetic data, placed by the paper's two questions: does an \
                                  external signal add task information the model lacks (open), or not (closed)? \
                                  And does it supervise classes of answers (correct or not) or single instances?" }</p>
            <ul class="pipelines">
                { for registry::pipelines().into_iter().map(|(scenario, p)| {
                    let preset = scenario.presets().iter().find(|pr| pr.label == p.preset);
                    let open = {
                        let on_action = on_action.clone();
                        let preset = preset.copied();
                        Callback::from(move |_: MouseEvent| {
                            if let Some(preset) = preset {
                                on_action.emit(Action::OpenPreset { scenario, label: preset.label });
                            }
                        })
                    };
                    let (verdict, verdict_class) = match p.verdict {
                        Verdict::Open => ("information-open", "open"),
                        Verdict::Closed => ("information-closed", "closed"),
                    };
                    let level = match p.supervision {
                        Supervision::None => "no supervision",
                        Supervision::High => "class-level (high meta-level)",
                        Supervision::Instance => "instance-level",
                        Supervision::Mixed => "mixed class and instance level",
                    };
                    html! {
                        <li class="pipeline" data-pipeline={p.rank.to_string()} data-verdict={verdict_class}>
                            <h3>{ p.method }</h3>
                            <p class="badges">
                                <span class={classes!("badge", verdict_class)}>{ verdict }</span>
                                <span class="badge level">{ level }</span>
                            </p>
                            <p>{ p.why }</p>
                            <button type="button" class="show-pipeline" onclick={open}
                                aria-label={format!("Show it: {} › {}, for {}", scenario.info().label, p.preset, p.method)}>
                                { format!("Show it: {} › {}", scenario.info().label, p.preset) }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
