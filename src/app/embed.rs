//! Embedding in blog posts: the page reports its height to the parent window (so an iframe can
//! size itself), and the "Embed…" dialog writes the iframe code with size presets and a live
//! preview.
//!
//! The message is `{type: "infoloop:height", height}`; the snippet's listener matches it to its
//! own iframe by `event.source`, so several embeds on one page never interfere.

use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The `type` of the height message.
pub const HEIGHT_MESSAGE: &str = "infoloop:height";

/// Posts the document's content height (its bounding box, which shrinks when content does,
/// unlike `scrollHeight`, which never drops below the iframe's own height) to the parent window, if there is one. Used as an effect after
/// every render, so the parent always sees the current height.
pub fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Some(height) = window
        .document()
        .and_then(|d| d.document_element())
        .map(|e| e.get_bounding_client_rect().height().ceil() as i32)
    else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &JsValue::from(height));
    let _ = parent.post_message(&message, "*");
}

/// The iframe code for `src`, with the auto-height listener.
pub fn snippet(src: &str, width: &str, height: u32) -> String {
    let src = src.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<iframe src=\"{src}\" width=\"{width}\" height=\"{height}\" style=\"border:0;max-width:100%\" \
         loading=\"lazy\" title=\"Information-open loops explorer\"></iframe>\n\
         <script>addEventListener(\"message\",function(e){{var d=e.data;if(!d||d.type!==\"{HEIGHT_MESSAGE}\")return;\
         document.querySelectorAll(\"iframe\").forEach(function(f){{if(f.contentWindow===e.source)\
         f.style.height=d.height+\"px\"}})}});</script>"
    )
}

/// Size presets: (label, width attribute, initial height).
const SIZES: &[(&str, &str, u32)] = &[
    ("Column (640)", "640", 1400),
    ("Wide (960)", "960", 1100),
    ("Full width", "100%", 1100),
];

/// Properties of [`EmbedDialog`].
#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    /// The share link of the current state.
    pub link: String,
    /// Closes the dialog.
    pub on_close: Callback<()>,
}

/// The "copy embed code" dialog: size presets, hide-controls option, code, live preview.
#[function_component(EmbedDialog)]
pub fn embed_dialog(props: &EmbedProps) -> Html {
    let size = use_state(|| 0usize);
    let hide_controls = use_state(|| false);
    let (_, width, height) = SIZES[*size];
    let src = format!(
        "{}&embed=1{}",
        props.link,
        if *hide_controls { "&hide=controls" } else { "" }
    );
    let code = snippet(&src, width, height);
    let copy = {
        let code = code.clone();
        Callback::from(move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&code);
            }
        })
    };
    let toggle_hide = {
        let hide_controls = hide_controls.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            hide_controls.set(input.checked());
        })
    };
    let on_close = props.on_close.clone();
    html! {
        <section class="embed-dialog" role="dialog" aria-label="Embed this explorer">
            <div class="embed-head">
                <h2>{ "Embed this view in a page" }</h2>
                <button type="button" onclick={move |_| on_close.emit(())}>{ "Close" }</button>
            </div>
            <div class="embed-options" role="group" aria-label="Size">
                { for SIZES.iter().enumerate().map(|(i, (label, _, _))| {
                    let size = size.clone();
                    html! {
                        <button type="button" class={classes!("preset", (*size == i).then_some("active"))}
                            aria-pressed={(*size == i).to_string()} onclick={move |_| size.set(i)}>{ *label }</button>
                    }
                }) }
                <label><input type="checkbox" checked={*hide_controls} onchange={toggle_hide} />{ " hide the controls" }</label>
            </div>
            <textarea readonly=true class="embed-code-text" rows="5" value={code} aria-label="Embed code" />
            <div><button type="button" onclick={copy}>{ "Copy code" }</button>
                <span class="muted">{ " The page reports its height, so the iframe grows to fit." }</span></div>
            <iframe class="embed-preview" src={src} title="Embed preview" loading="lazy" />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_escapes_the_link_and_matches_messages_by_source() {
        let code = snippet("https://x.org/?v=1&embed=1", "640", 900);
        assert!(code.contains("src=\"https://x.org/?v=1&amp;embed=1\""));
        assert!(code.contains("e.source") && code.contains(HEIGHT_MESSAGE));
        assert!(!snippet("a\"onload=\"alert(1)", "1", 1).contains("\"onload"));
    }
}
