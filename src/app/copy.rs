//! A button that copies a text to the clipboard and says so ("Copied") for a moment, with the
//! confirmation announced to screen readers; if the clipboard is refused, it says that instead.

use gloo_timers::callback::Timeout;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// How long the confirmation stays, in milliseconds.
const SHOWN_MS: u32 = 2000;

/// Properties of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyProps {
    /// What to copy.
    pub text: AttrValue,
    /// The button's label, e.g. "Copy link".
    pub label: AttrValue,
    /// Extra classes.
    #[prop_or_default]
    pub class: Classes,
    /// A tooltip (the share bar's Copy link shows the link it copies).
    #[prop_or_default]
    pub title: Option<AttrValue>,
}

/// What the button last did.
#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Done,
    Refused,
}

/// The copy button.
#[function_component(CopyButton)]
pub fn copy_button(props: &CopyProps) -> Html {
    let copied = use_state(|| Copied::Not);
    let timer = use_mut_ref(|| None::<Timeout>);
    let onclick = {
        let (copied, timer, text) = (copied.clone(), timer.clone(), props.text.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, timer, text) = (copied.clone(), Rc::clone(&timer), text.clone());
            spawn_local(async move {
                let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
                let done = match clipboard {
                    Some(c) => wasm_bindgen_futures::JsFuture::from(c.write_text(&text))
                        .await
                        .is_ok(),
                    None => false,
                };
                copied.set(if done { Copied::Done } else { Copied::Refused });
                let reset = copied.clone();
                *timer.borrow_mut() = Some(super::frames::after(SHOWN_MS, move || {
                    reset.set(Copied::Not)
                }));
            });
        })
    };
    let label = match *copied {
        Copied::Not => props.label.to_string(),
        Copied::Done => "Copied ✓".to_string(),
        Copied::Refused => "Copy refused: select and copy by hand".to_string(),
    };
    html! {
        <button type="button" class={classes!("copy", props.class.clone())} title={props.title.clone()} {onclick} data-copied={(*copied == Copied::Done).to_string()}>
            <span aria-live="polite">{ label }</span>
        </button>
    }
}
