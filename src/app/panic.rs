//! A panic is a bug, but it must never leave a frozen page: this hook shows a visible banner
//! with the message, a "copy details" button and a reload link, and logs to the console.

use wasm_bindgen::prelude::*;

/// Installs the panic hook (once, at startup). Through yew's setter: yew replaces any hook set
/// with `std::panic::set_hook` by its own console-only one when the app is first rendered.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let details = format!(
            "infoloop panicked: {info}\nlink: {}\nagent: {}",
            web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default(),
            web_sys::window()
                .and_then(|w| w.navigator().user_agent().ok())
                .unwrap_or_default(),
        );
        web_sys::console::error_1(&details.clone().into());
        show_banner(&details);
    }));
}

fn show_banner(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("crash");
    let _ = banner.set_attribute("role", "alert");
    let Ok(text) = document.create_element("p") else {
        return;
    };
    text.set_text_content(Some(
        "Something went wrong and the explorer stopped. Reloading usually helps; if it happens again, \
         please send us the details.",
    ));
    let _ = banner.append_child(&text);
    let Ok(pre) = document.create_element("pre") else {
        return;
    };
    pre.set_text_content(Some(details));
    let _ = banner.append_child(&pre);
    if let Ok(copy) = document.create_element("button") {
        copy.set_text_content(Some("Copy details"));
        let details = details.to_string();
        let on_click = Closure::<dyn Fn()>::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&details);
            }
        });
        let _ = copy.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
        let _ = banner.append_child(&copy);
    }
    if let Ok(reload) = document.create_element("a") {
        let _ = reload.set_attribute("href", "");
        reload.set_text_content(Some("Reload"));
        let _ = banner.append_child(&reload);
    }
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
