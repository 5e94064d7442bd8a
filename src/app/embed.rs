//! Embedding in blog posts. The "Embed…" dialog builds a figure (which charts, which controls,
//! what size) with a live preview, and gives two snippets for it: a web component
//! (`<infoloop-figure link="…">` after one script tag, sized in the host page's flow) and an
//! iframe (with a listener that lets it grow to its content). In an iframe, the page reports
//! its height to the parent window.
//!
//! The height message is `{type: "infoloop:height", height}`; the iframe snippet's listener
//! matches it to its own iframe by `event.source`, so several embeds on one page never
//! interfere.

use super::copy::CopyButton;
use infoloop_core::link::{to_query, Figure, ShareState, MAX_FIGURE_ITEMS};
use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The `type` of the height message.
pub const HEIGHT_MESSAGE: &str = "infoloop:height";

/// The web component's tag, and the attribute holding its share link.
pub const ELEMENT: &str = "infoloop-figure";
/// The attribute of [`ELEMENT`] holding the figure's share link (its query).
pub const LINK_ATTRIBUTE: &str = "link";
/// The web component's script, next to index.html.
pub const ELEMENT_SCRIPT: &str = "infoloop-figure.js";

/// Posts the document's content height (its bounding box, which shrinks when content does,
/// unlike `scrollHeight`, which never drops below the iframe's own height) to the parent window,
/// if there is one. Used as an effect after every render, so the parent always sees the current
/// height.
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

/// `s` escaped for an HTML attribute value in double quotes.
fn attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The iframe code for `src`, with the auto-height listener.
pub fn iframe_snippet(src: &str, width: &str, height: u32) -> String {
    let src = attribute(src);
    format!(
        "<iframe src=\"{src}\" width=\"{width}\" height=\"{height}\" style=\"border:0;max-width:100%\" \
         loading=\"lazy\" title=\"Information-open loops: a figure\"></iframe>\n\
         <script>addEventListener(\"message\",function(e){{var d=e.data;if(!d||d.type!==\"{HEIGHT_MESSAGE}\")return;\
         document.querySelectorAll(\"iframe\").forEach(function(f){{if(f.contentWindow===e.source)\
         f.style.height=d.height+\"px\"}})}});</script>"
    )
}

/// The web-component code: one script tag (once per page) and the element for this figure.
pub fn element_snippet(script_url: &str, query: &str, width: &str) -> String {
    let style = if width == "100%" {
        String::new()
    } else {
        format!(" style=\"max-width:{width}px\"")
    };
    format!(
        "<script type=\"module\" src=\"{}\"></script>\n<{ELEMENT} {LINK_ATTRIBUTE}=\"{}\"{style}></{ELEMENT}>",
        attribute(script_url),
        attribute(query)
    )
}

/// The directory of a page URL (everything up to its last `/`).
pub fn directory(base: &str) -> &str {
    base.rfind('/').map_or(base, |i| &base[..=i])
}

/// Width presets: (label, width, iframe height to start from).
const SIZES: &[(&str, &str, u32)] = &[
    ("Column (640 px)", "640", 560),
    ("Wide (960 px)", "960", 520),
    ("Full width", "100%", 560),
];

/// Properties of [`EmbedDialog`].
#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    /// The state on screen: the figure shows its run (and its pinned comparison).
    pub share: ShareState,
    /// The page's URL without the query.
    pub base: String,
    /// Closes the dialog.
    pub on_close: Callback<()>,
}

/// The embed dialog: pick charts, controls and a size, preview, copy a snippet.
#[function_component(EmbedDialog)]
pub fn embed_dialog(props: &EmbedProps) -> Html {
    let scenario = props.share.run.scenario;
    let all_charts = scenario.chart_keys();
    let charts = use_state(|| vec![all_charts[0].0.to_string()]);
    let controls = use_state(|| {
        scenario
            .info()
            .headline
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<String>>()
    });
    let size = use_state(|| 0usize);
    let (_, width, height) = SIZES[*size];
    let figure_share = ShareState {
        figure: Some(Figure {
            charts: (*charts).clone(),
            controls: (*controls).clone(),
        }),
        embed: false,
        hidden: Vec::new(),
        at: None,
        sweep_on: false,
        ..props.share.clone()
    };
    let query = to_query(&figure_share);
    let src = format!("{}?{query}", props.base);
    let script = format!("{}{ELEMENT_SCRIPT}", directory(&props.base));
    let element_code = element_snippet(&script, &format!("?{query}"), width);
    let iframe_code = iframe_snippet(&src, width, height);
    // A checkbox per chart and per control, in declaration order; at most MAX_FIGURE_ITEMS.
    let toggle = |list: &UseStateHandle<Vec<String>>, key: &'static str, keep_one: bool| {
        let list = list.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next: Vec<String> = (*list).clone();
            let last = keep_one && next.len() == 1;
            if on && !next.iter().any(|k| k == key) && next.len() < MAX_FIGURE_ITEMS {
                next.push(key.to_string());
            } else if !on && !last {
                next.retain(|k| k != key);
            }
            list.set(next);
        })
    };
    let on_close = props.on_close.clone();
    html! {
        <section class="embed-dialog" role="dialog" aria-label="Embed a figure">
            <div class="embed-head">
                <h2>{ "Embed a figure in a post" }</h2>
                <button type="button" onclick={move |_| on_close.emit(())}>{ "Close" }</button>
            </div>
            <fieldset class="embed-pick">
                <legend>{ "Charts" }</legend>
                { for all_charts.iter().map(|&(key, title)| html! {
                    <label class="check"><input type="checkbox" data-embed-chart={key}
                        checked={charts.iter().any(|c| c == key)} onchange={toggle(&charts, key, true)} />{ title }</label>
                }) }
            </fieldset>
            <fieldset class="embed-pick">
                <legend>{ "Controls beside it" }</legend>
                { for scenario.params().iter().map(|spec| html! {
                    <label class="check"><input type="checkbox" data-embed-control={spec.key}
                        checked={controls.iter().any(|c| c == spec.key)} onchange={toggle(&controls, spec.key, false)} />{ spec.label }</label>
                }) }
            </fieldset>
            <div class="embed-options" role="group" aria-label="Size">
                { for SIZES.iter().enumerate().map(|(i, (label, _, _))| {
                    let size = size.clone();
                    html! {
                        <button type="button" class={classes!("preset", (*size == i).then_some("active"))}
                            aria-pressed={(*size == i).to_string()} onclick={move |_| size.set(i)}>{ *label }</button>
                    }
                }) }
            </div>
            <h3>{ "Web component (recommended: sizes itself, one download for every figure on the page)" }</h3>
            <textarea readonly=true class="embed-code-text" data-snippet="element" rows="3" value={element_code.clone()} aria-label="Web component code" />
            <CopyButton text={element_code} label="Copy web component" />
            <h3>{ "Iframe" }</h3>
            <textarea readonly=true class="embed-code-text" data-snippet="iframe" rows="4" value={iframe_code.clone()} aria-label="Iframe code" />
            <CopyButton text={iframe_code} label="Copy iframe" />
            <p class="muted">{ "The host page needs nothing else; from another site, the script and the wasm must be served with CORS (see README)." }</p>
            <h3>{ "Preview" }</h3>
            <iframe class="embed-preview" src={src} title="Preview of the figure"
                style={if width == "100%" { "width:100%".to_string() } else { format!("width:min({width}px,100%)") }}
                height={height.to_string()} loading="lazy" />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_escape_the_link() {
        let code = iframe_snippet("https://x.org/?v=1&fig=info", "640", 560);
        assert!(code.contains("src=\"https://x.org/?v=1&amp;fig=info\""));
        assert!(code.contains("e.source") && code.contains(HEIGHT_MESSAGE));
        assert!(!iframe_snippet("a\"onload=\"alert(1)", "1", 1).contains("\"onload"));
        let element = element_snippet(
            "https://x.org/e/infoloop-figure.js",
            "?v=1&fig=\"><b",
            "640",
        );
        assert!(
            element.contains("link=\"?v=1&amp;fig=&quot;&gt;&lt;b\""),
            "{element}"
        );
        assert!(element
            .starts_with("<script type=\"module\" src=\"https://x.org/e/infoloop-figure.js\">"));
        assert_eq!(
            directory("https://x.org/blog/explorer/"),
            "https://x.org/blog/explorer/"
        );
        assert_eq!(
            directory("https://x.org/blog/index.html"),
            "https://x.org/blog/"
        );
    }
}
